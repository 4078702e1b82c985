/* SPDX-License-Identifier: GPL-2.0-only */
/* Writes frames to an Ethernet pcap file with libpcap. */
#ifndef NETSPLIT_TEST_PCAPW_H
#define NETSPLIT_TEST_PCAPW_H

#include <stddef.h>
#include <linux/types.h>

struct fr_pcap;

struct fr_pcap *fr_pcap_open(const char *path);
int fr_pcap_add(struct fr_pcap *p, const __u8 *frame, size_t len);
int fr_pcap_close(struct fr_pcap *p);

#endif /* NETSPLIT_TEST_PCAPW_H */
