// SPDX-License-Identifier: GPL-2.0-only
/*
 * Waking the host. A wake (a frame from the splitter's ring buffer, or a
 * message of the wake subscription) is told to the host and runs
 * wake_command (the stand-in for a wake GPIO), once: until the host is
 * awake, more of them only add their frames to the queue. Woken frames
 * are held in a bounded queue until the host says it is awake; then the
 * queue goes out of the host link in arrival order. When the queue is
 * full, the newest frames are dropped (and counted): the first ones, a SYN
 * or the PUBLISH that woke the host, matter most.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/if_packet.h>

#include <bpf/libbpf.h>

#include "cpd.h"
#include "log.h"

static void cpd_wake_command(struct cpd *cpd, __u8 reason_id, __u8 rule_id)
{
	char reason[32], rule[8];
	pid_t pid;

	if (!cpd->cfg.cp.wake_command[0])
		return;
	if (cpd->wake_pid > 0) {
		ns_log(LOG_INFO, "wake_command still running (pid %d); not run again",
		       (int)cpd->wake_pid);
		return;
	}
	snprintf(reason, sizeof(reason), "%s", ns_reason_name[reason_id]);
	snprintf(rule, sizeof(rule), "%u", rule_id);
	pid = fork();
	if (pid < 0) {
		ns_log(LOG_ERR, "cannot run wake_command: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		sigset_t all;

		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		setenv("NETSPLIT_WAKE_REASON", reason, 1);
		setenv("NETSPLIT_WAKE_RULE", rule, 1);
		execl("/bin/sh", "sh", "-c", cpd->cfg.cp.wake_command,
		      (char *)NULL);
		_exit(127);
	}
	cpd->wake_pid = pid;
}

void cpd_wake_reap(struct cpd *cpd)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != cpd->wake_pid)
			continue;
		cpd->wake_pid = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			ns_log(LOG_WARNING, "wake_command failed (status %d)",
			       status);
	}
}

static void cpd_wake_enqueue(struct cpd *cpd, const struct ns_wake_event *ev)
{
	struct cpd_frame *slot;
	unsigned int max = cpd->cfg.cp.wake_queue;

	if (cpd->queue_count == max) {
		cpd->queue_dropped++;
		ns_log(LOG_WARNING, "wake queue full (%u frames): frame dropped, %u so far",
		       max, cpd->queue_dropped);
		return;
	}
	slot = &cpd->queue[(cpd->queue_head + cpd->queue_count) % max];
	slot->len = ev->frame_len;
	memcpy(slot->data, ev->frame, ev->frame_len);
	cpd->queue_count++;
}

void cpd_wake_deliver(struct cpd *cpd)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
				  .sll_ifindex = (int)cpd->host_link,
				  .sll_halen = 6 };
	unsigned int sent = 0, max = cpd->cfg.cp.wake_queue;
	struct cpd_frame *f;

	while (cpd->queue_count) {
		f = &cpd->queue[cpd->queue_head];
		memcpy(to.sll_addr, f->data, 6);
		if (sendto(cpd->packet_fd, f->data, f->len, 0,
			   (struct sockaddr *)&to, sizeof(to)) < 0)
			ns_log(LOG_ERR, "cannot hand a woken frame to %s: %s",
			       cpd->cfg.cp.host_link, strerror(errno));
		else
			sent++;
		cpd->queue_head = (cpd->queue_head + 1) % max;
		cpd->queue_count--;
	}
	if (sent)
		ns_log(LOG_NOTICE, "delivered %u held frame%s to the host", sent,
		       sent == 1 ? "" : "s");
}

void cpd_wake_host(struct cpd *cpd, __u8 reason, __u8 rule)
{
	struct ns_msg msg;

	if (cpd->host_state == NS_HOST_AWAKE)
		return;
	if (cpd->waking) {
		ns_log(LOG_INFO, "wake: %s, while the host is already being woken",
		       ns_reason_name[reason]);
		return;
	}
	cpd->waking = true;
	cpd->wake_count++;
	ns_log(LOG_NOTICE, "wake: %s, rule %u (host %s)", ns_reason_name[reason],
	       rule, ns_host_state_name[cpd->host_state]);
	memset(&msg, 0, sizeof(msg));
	msg.type = NS_MSG_WAKE_EVENT;
	msg.wake_reason = reason;
	msg.wake_rule = rule;
	msg.fields = NS_FIELD(NS_TLV_WAKE);
	cpd_broadcast(cpd, &msg);
	cpd_wake_command(cpd, reason, rule);
}

static int cpd_wake_event(void *ctx, void *data, size_t size)
{
	const struct ns_wake_event *ev = data;
	struct cpd *cpd = ctx;

	if (size < sizeof(*ev) - NS_WAKE_FRAME_MAX ||
	    ev->frame_len > NS_WAKE_FRAME_MAX || ev->reason >= NS_REASON_COUNT)
		return 0;
	ns_log(LOG_INFO, "a waking frame: %s, rule %u, %u bytes",
	       ns_reason_name[ev->reason], ev->rule, ev->orig_len);
	cpd_wake_host(cpd, ev->reason, ev->rule);
	cpd_wake_enqueue(cpd, ev);
	if (cpd->host_state == NS_HOST_AWAKE)
		cpd_wake_deliver(cpd);
	return 0;
}

int cpd_wake_start(struct cpd *cpd)
{
	struct sockaddr_ll here = { .sll_family = AF_PACKET,
				    .sll_ifindex = (int)cpd->host_link };
	int ret;

	cpd->queue = calloc(cpd->cfg.cp.wake_queue, sizeof(*cpd->queue));
	if (!cpd->queue)
		return -ENOMEM;
	/* Protocol 0: send only, so no frame is ever copied to us. */
	cpd->packet_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (cpd->packet_fd < 0 ||
	    bind(cpd->packet_fd, (struct sockaddr *)&here, sizeof(here))) {
		ret = -errno;
		ns_log(LOG_ERR, "cannot open a packet socket on %s: %s",
		       cpd->cfg.cp.host_link, strerror(-ret));
		return ret;
	}
	cpd->ring = ring_buffer__new(cpd->dp.maps.wake_events, cpd_wake_event,
				     cpd, NULL);
	if (!cpd->ring) {
		ret = -errno;
		ns_log(LOG_ERR, "cannot read the wake ring buffer: %s",
		       strerror(-ret));
		return ret;
	}
	return 0;
}

void cpd_wake_stop(struct cpd *cpd)
{
	if (cpd->ring)
		ring_buffer__free(cpd->ring);
	if (cpd->packet_fd >= 0)
		close(cpd->packet_fd);
	free(cpd->queue);
	cpd->ring = NULL;
	cpd->packet_fd = -1;
	cpd->queue = NULL;
}
