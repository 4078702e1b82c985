// SPDX-License-Identifier: GPL-2.0-only
/*
 * SYNs to ADDRESS:PORT (IPv4) as fast as one raw socket sends them, for
 * SECONDS, each from a source port of its own in turn; the kernel writes
 * the IP header. Prints "synflood: N SYNs in S s". For the wake-flood
 * test: every SYN to a syn_ports port is a waking frame.
 *
 *   synflood ADDRESS PORT SECONDS
 */
#include <arpa/inet.h>
#include <linux/types.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double synflood_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static __u16 synflood_checksum(const void *data, size_t len, __u32 sum)
{
	const __u8 *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (__u32)(p[0] << 8 | p[1]);
	if (len)
		sum += (__u32)(p[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* The TCP checksum over the pseudo header and the segment. */
static __u16 synflood_tcp_checksum(struct in_addr src, struct in_addr dst,
				   const struct tcphdr *tcp)
{
	__u32 s = ntohl(src.s_addr), d = ntohl(dst.s_addr);
	__u32 sum = (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) +
		    IPPROTO_TCP + sizeof(*tcp);

	return synflood_checksum(tcp, sizeof(*tcp), sum);
}

int main(int argc, char **argv)
{
	struct sockaddr_in to = {.sin_family = AF_INET};
	struct sockaddr_in from;
	socklen_t from_len = sizeof(from);
	unsigned long long sent = 0;
	struct tcphdr tcp;
	double start, end;
	__u16 sport = 1024;
	int fd, probe;

	if (argc != 4 || inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
		fprintf(stderr, "usage: synflood ADDRESS PORT SECONDS\n");
		return 2;
	}
	to.sin_port = htons((__u16)atoi(argv[2]));
	/* The source address the route gives, for the checksum. */
	probe = socket(AF_INET, SOCK_DGRAM, 0);
	if (probe < 0 || connect(probe, (struct sockaddr *)&to, sizeof(to)) ||
	    getsockname(probe, (struct sockaddr *)&from, &from_len)) {
		fprintf(stderr, "synflood: no route to %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	close(probe);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
	if (fd < 0) {
		fprintf(stderr,
			"synflood: raw socket: %s (needs CAP_NET_RAW)\n",
			strerror(errno));
		return 1;
	}
	start = synflood_now();
	end = start + atof(argv[3]);
	while (synflood_now() < end) {
		memset(&tcp, 0, sizeof(tcp));
		tcp.source = htons(sport);
		tcp.dest = to.sin_port;
		tcp.seq = htonl((__u32)sent * 7919u);
		tcp.doff = sizeof(tcp) / 4;
		tcp.syn = 1;
		tcp.window = htons(64240);
		tcp.check = htons(synflood_tcp_checksum(from.sin_addr,
							to.sin_addr, &tcp));
		if (sendto(fd, &tcp, sizeof(tcp), 0, (struct sockaddr *)&to,
			   sizeof(to)) == sizeof(tcp))
			sent++;
		sport = sport == 65535 ? 1024 : sport + 1;
	}
	printf("synflood: %llu SYNs in %.1f s\n", sent, synflood_now() - start);
	return sent ? 0 : 1;
}
