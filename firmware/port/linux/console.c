// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware's console (--console unix:PATH), as ESP-IDF's examples have
 * one on the UART: one command per connection, answered with one line.
 *
 *   iperf PORT   lwiperf listens on PORT (the shared port of the lab's
 *                tests: the slave's while it listens)
 *   iperf off    it stops
 *   stats        lwIP's own counters, a line per protocol: what reached
 *                the firmware's stack, not only what the split counted
 *
 * e.g. echo "iperf 5001" | socat - UNIX-CONNECT:PATH
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "lwip/stats.h"

#include "conn.h"
#include "fw.h"
#include "log.h"

int fw_console_open(struct fw *fw)
{
	if (!fw->console_path)
		return 0;
	/* The lab's console starts and reports traffic: root's alone. */
	fw->console_fd = ns_endpoint_listen(fw->console_path, NULL);
	if (fw->console_fd >= 0)
		return 0;
	ns_log(LOG_ERR, "cannot listen on %s for the console: %s",
	       fw->console_path, strerror(-fw->console_fd));
	return fw->console_fd;
}

static void fw_console_stats(char *out, size_t len)
{
	static const struct {
		const char *name;
		const struct stats_proto *p;
	} protos[] = {
		{"link", &lwip_stats.link}, {"etharp", &lwip_stats.etharp},
		{"ip", &lwip_stats.ip},	    {"icmp", &lwip_stats.icmp},
		{"udp", &lwip_stats.udp},   {"tcp", &lwip_stats.tcp},
		{"ip6", &lwip_stats.ip6},   {"icmp6", &lwip_stats.icmp6},
		{"nd6", &lwip_stats.nd6},
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]) && n < len; i++)
		n += (size_t)snprintf(out + n, len - n,
				      "%s recv %u xmit %u drop %u\n",
				      protos[i].name, protos[i].p->recv,
				      protos[i].p->xmit, protos[i].p->drop);
}

static void fw_console_run(struct fw *fw, char *line, char *out, size_t len)
{
	char *word = strtok(line, " \t\r\n"), *arg = strtok(NULL, " \t\r\n");
	char *end;
	unsigned long port;

	if (word && !strcmp(word, "stats") && !arg) {
		fw_console_stats(out, len);
		return;
	}
	if (!word || strcmp(word, "iperf") || !arg) {
		snprintf(out, len,
			 "error: expected 'iperf PORT', 'iperf off' or 'stats'\n");
		return;
	}
	if (!strcmp(arg, "off")) {
		ns_lwip_iperf(&fw->mcu.lwip, 0);
		snprintf(out, len, "ok: iperf off\n");
		return;
	}
	port = strtoul(arg, &end, 10);
	if (*end || !port || port > 65535) {
		snprintf(out, len, "error: '%s' is no port\n", arg);
		return;
	}
	if (ns_lwip_iperf(&fw->mcu.lwip, (__u16)port))
		snprintf(out, len, "error: lwiperf cannot listen on %lu\n",
			 port);
	else
		snprintf(out, len, "ok: iperf on %lu\n", port);
}

void fw_console_serve(struct fw *fw)
{
	struct timeval wait = {.tv_sec = 1};
	char line[128], out[1024];
	ssize_t n;
	int fd;

	fd = accept4(fw->console_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	/* One short line; a client that says nothing is not waited for. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
	n = read(fd, line, sizeof(line) - 1);
	if (n > 0) {
		line[n] = '\0';
		fw_console_run(fw, line, out, sizeof(out));
		ns_fd_write_all(fd, out, strlen(out));
	}
	close(fd);
}

void fw_console_close(struct fw *fw)
{
	ns_endpoint_close(fw->console_fd, fw->console_path);
	fw->console_fd = -1;
}
