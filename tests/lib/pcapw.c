// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <sys/time.h>

#include "pcapw.h"

struct fr_pcap {
	pcap_t *dead;
	pcap_dumper_t *dump;
	unsigned int count;
};

struct fr_pcap *fr_pcap_open(const char *path)
{
	struct fr_pcap *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->dead = pcap_open_dead(DLT_EN10MB, 65535);
	p->dump = p->dead ? pcap_dump_open(p->dead, path) : NULL;
	if (!p->dump) {
		if (p->dead)
			pcap_close(p->dead);
		free(p);
		return NULL;
	}
	return p;
}

int fr_pcap_add(struct fr_pcap *p, const __u8 *frame, size_t len)
{
	/* Fixed timestamps keep the file the same from run to run. */
	struct pcap_pkthdr hdr = {
		.ts = { .tv_sec = 1700000000 + p->count, .tv_usec = 0 },
		.caplen = (bpf_u_int32)len,
		.len = (bpf_u_int32)len,
	};

	pcap_dump((u_char *)p->dump, &hdr, frame);
	p->count++;
	return 0;
}

int fr_pcap_close(struct fr_pcap *p)
{
	int ret = pcap_dump_flush(p->dump) ? -EIO : 0;

	pcap_dump_close(p->dump);
	pcap_close(p->dead);
	free(p);
	return ret;
}
