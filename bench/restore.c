// SPDX-License-Identifier: GPL-2.0-only
/*
 * Restore latency, run inside the host's namespace:
 *   restore IFACE ADDR/PREFIX RESOLV_CONF RUNS -- COMMAND...
 * Each run removes the address, default route and DNS file, starts
 * COMMAND, and measures until IFACE has ADDR, a default route and a
 * nameserver line in RESOLV_CONF, following rtnetlink events. The command
 * is then stopped (SIGTERM) and waited for. Prints each run's milliseconds
 * on stderr and the median on stdout.
 */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "conn.h"
#include "parse.h"
#include "rtnl.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static bool has_dns(const char *path)
{
	char line[256];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "nameserver ", 11);
	fclose(f);
	return found;
}

static bool restored(struct ns_rtnl *r, unsigned int ifindex,
		     const struct ns_addr *want, const char *resolv)
{
	struct ns_link_state st;
	unsigned int i;

	if (ns_rtnl_read(r, ifindex, &st) || !st.nroutes)
		return false;
	for (i = 0; i < st.n4; i++)
		if (!memcmp(st.v4[i].a.addr, want->addr, 4))
			return has_dns(resolv);
	return false;
}

static void clear(struct ns_rtnl *r, unsigned int ifindex, const char *resolv)
{
	struct ns_link_state st;
	unsigned int i;

	if (ns_rtnl_read(r, ifindex, &st))
		return;
	for (i = 0; i < st.nroutes; i++)
		ns_rtnl_default_route(r, RTM_DELROUTE, ifindex,
				      &st.routes[i].gateway,
				      st.routes[i].metric);
	for (i = 0; i < st.n4; i++)
		ns_rtnl_addr(r, RTM_DELADDR, ifindex, &st.v4[i].a, 0, 0);
	unlink(resolv);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct ns_rtnl req, mon;
	struct ns_addr want;
	unsigned int ifindex;
	double t0, ms[1000];
	int runs, i, status;
	pid_t pid;

	if (argc < 7 || strcmp(argv[5], "--") || ns_addr_parse(argv[2], &want) ||
	    (runs = atoi(argv[4])) < 1 || runs > 1000) {
		fprintf(stderr, "usage: restore IFACE ADDR/PREFIX RESOLV_CONF RUNS -- COMMAND...\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex || ns_rtnl_open(&req, 0) || ns_rtnl_open(&mon, NS_RTNL_GROUPS)) {
		fprintf(stderr, "restore: no %s or no rtnetlink\n", argv[1]);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		struct pollfd pfd = { .fd = ns_rtnl_fd(&mon), .events = POLLIN };

		clear(&req, ifindex, argv[3]);
		usleep(100000);
		ns_rtnl_drain(&mon);
		t0 = now_ms();
		pid = fork();
		if (pid == 0) {
			execvp(argv[6], argv + 6);
			_exit(127);
		}
		while (!restored(&req, ifindex, &want, argv[3])) {
			if (now_ms() - t0 > 30000) {
				fprintf(stderr, "restore: run %d: not restored in 30 s\n", i);
				kill(pid, SIGKILL);
				return 1;
			}
			/* Events wake us; the DNS file has none, so poll too. */
			poll(&pfd, 1, 1);
			ns_rtnl_drain(&mon);
		}
		ms[i] = now_ms() - t0;
		fprintf(stderr, "run %d: %.1f ms\n", i, ms[i]);
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
	}
	qsort(ms, (size_t)runs, sizeof(ms[0]), cmp);
	printf("%.1f\n", runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2);
	return 0;
}
