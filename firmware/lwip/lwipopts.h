/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * lwIP's options for the co-processor (firmware/lwip/): no OS (NO_SYS, one
 * thread calls everything, with sys_check_timeouts() in its loop), the raw
 * API only, IPv4 and IPv6, ARP, ICMP, DHCP, SLAAC, DNS, TCP, UDP, and the
 * apps the firmware uses: the MQTT client (the wake subscription) and
 * lwiperf. A port adds its arch/cc.h, sys_now() and ns_lwip_rand().
 */
#ifndef NETSPLIT_LWIPOPTS_H
#define NETSPLIT_LWIPOPTS_H

#define NO_SYS 1
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TIMERS 1
#define LWIP_SINGLE_NETIF 1
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_NETIF_EXT_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1

/*
 * Memory: lwIP's own heap and pools, no malloc. A microcontroller (NS_MCU)
 * gets about what ESP-IDF gives an ESP32's lwIP: a 16 KiB heap, 16 pool
 * buffers, a 4-segment window; a Linux process gets room for iperf.
 */
#ifdef NS_MCU
#define MEM_ALIGNMENT 4
#define MEM_SIZE (16 * 1024)
#define PBUF_POOL_SIZE 16
#define MEMP_NUM_PBUF 16
#define MEMP_NUM_TCP_PCB 5
#define MEMP_NUM_TCP_PCB_LISTEN 2
#define MEMP_NUM_TCP_SEG 16
#define MEMP_NUM_UDP_PCB 4
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define LWIP_NOASSERT 1
#define LWIP_STATS 0
#else
#define MEM_ALIGNMENT 8
#define MEM_SIZE (48 * 1024)
#define PBUF_POOL_SIZE 48
#define MEMP_NUM_PBUF 32
#define MEMP_NUM_TCP_PCB 8
#define MEMP_NUM_TCP_PCB_LISTEN 4
#define MEMP_NUM_TCP_SEG 64
#define MEMP_NUM_UDP_PCB 8
#define TCP_WND (8 * TCP_MSS)
#define TCP_SND_BUF (8 * TCP_MSS)
#define LWIP_STATS 1
#endif
/* lwIP's own, and the MQTT client's cyclic timer. */
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 2)

#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_IGMP 0
#define LWIP_DHCP 1
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
#define LWIP_TCP 1
#define LWIP_UDP 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_DHCP6 0
#define LWIP_ND6_RDNSS_MAX_DNS_SERVERS 0
/* On 64-bit hosts, ip6_frag.c asserts otherwise. */
#define IPV6_FRAG_COPYHEADER 1

#define TCP_MSS 1460
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_LISTEN_BACKLOG 1

/* A subscription that is not connected within 10 s counts as refused. */
#define MQTT_CONNECT_TIMOUT 10
/* Room for the topic of a PUBLISH (NS_SUB_STR_MAX) and its header. */
#define MQTT_VAR_HEADER_BUFFER_LEN 256

#define LWIP_STATS_DISPLAY 0

#ifndef __ASSEMBLER__
#include <stdint.h>

uint32_t ns_lwip_rand(void);
#define LWIP_RAND() ns_lwip_rand()

#include "local_ports.h"
#endif

#endif /* NETSPLIT_LWIPOPTS_H */
