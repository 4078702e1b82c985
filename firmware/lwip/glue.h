/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The co-processor's core (common/core/) inside lwIP, for any port that
 * runs lwIP with NO_SYS (lwipopts.h): netif.c splits the uplink's frames
 * in the input function lwIP's netif is given, before ethernet_input();
 * pcbs.c answers the core's question "does the own stack have a socket for
 * this flow" from lwIP's PCB lists; local_ports.c keeps lwIP's own ports in the
 * slave range; network.c reports lwIP's addresses (DHCP, SLAAC) to the
 * core; mqtt_client.c makes the wake subscription's attempts with lwIP's MQTT
 * client; iperf.c serves lwiperf on a port.
 *
 * The port gives the memory, the uplink's transmit, and the core; it calls
 * ns_lwip_uplink_frame() for each received frame and ns_lwip_poll() in its
 * loop, and hands the core's operations to_stack, slave_listens, table,
 * sub_connect and sub_disconnect to the functions below.
 */
#ifndef NETSPLIT_LWIP_GLUE_H
#define NETSPLIT_LWIP_GLUE_H

#include "lwip/apps/mqtt.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"

#include "core.h"

struct ns_lwip_port {
	void *ctx;
	/* Milliseconds of a monotonic clock, as the core's now. */
	__u64 (*now)(void *ctx);
	/* A frame for the uplink: 0, or -1 when it could not be sent. */
	int (*uplink_send)(void *ctx, const __u8 *frame, __u32 len);
	/*
	 * The subscription's password, from the platform's store by the name
	 * the table gives (password_file); "" when none. 0 or -errno. NULL:
	 * the platform keeps none.
	 */
	int (*password)(void *ctx, const char *name, char *buf, size_t size);
};

/* The wake subscription's client: lwIP's MQTT client (mqtt_client.c). */
struct ns_lwip_sub {
	mqtt_client_t *client;	/* NULL: none */
	struct ns_wake_sub cfg; /* of the last attempt */
	char topic[NS_SUB_STR_MAX + 1];
	/* The PUBLISH coming in: its topic and the start of its payload. */
	char in_topic[NS_SUB_STR_MAX + 1];
	u8_t in_payload[NS_SUB_STR_MAX];
	u32_t in_len, in_total;
	bool in_retained;
};

struct ns_lwip {
	struct netif netif;
	struct ns_core *core;
	struct ns_lwip_port port;
	struct pbuf *input; /* the frame being classified */
	struct ns_lwip_sub sub;
	bool sub_waiting; /* an attempt asked for before there was an address */
	void *iperf;	  /* lwiperf's session, or NULL */
	u16_t iperf_port;
	netif_ext_callback_t watch;
};

/* Starts lwIP (lwip_init()) and the uplink's netif, mac and mtu, down. */
void ns_lwip_init(struct ns_lwip *g, struct ns_core *core,
		  const struct ns_lwip_port *port, const u8_t mac[6],
		  u16_t mtu);
/*
 * Up, after the core has started: DHCP and SLAAC begin; saved (or NULL) is
 * the last good network, on the netif until DHCP has a lease, so that the
 * address answers at once.
 */
void ns_lwip_up(struct ns_lwip *g, const struct ns_net_status *saved);
/* The uplink's link: lwIP renews DHCP and SLAAC when it comes back. */
void ns_lwip_link(struct ns_lwip *g, bool up);
/* A frame from the uplink, which goes through the netif's input. */
void ns_lwip_uplink_frame(struct ns_lwip *g, const u8_t *frame, u16_t len);
/* lwIP's timers; in the port's loop. */
void ns_lwip_poll(struct ns_lwip *g);
/* Milliseconds until ns_lwip_poll() has work (at most limit_ms). */
u32_t ns_lwip_sleep_ms(struct ns_lwip *g, u32_t limit_ms);

/* The core's operations. */
void ns_lwip_to_stack(struct ns_lwip *g, const u8_t *frame, u32_t len);
bool ns_lwip_slave_listens(struct ns_lwip *g, const u8_t *frame,
			   const struct ns_flow *flow);
int ns_lwip_table(struct ns_lwip *g, const struct ns_rules *rules,
		  unsigned int what);
void ns_lwip_sub_attempt(struct ns_lwip *g, const struct ns_wake_sub *sub);
void ns_lwip_sub_disconnect(struct ns_lwip *g);

/* lwiperf's TCP server on port, or none (0). 0, or -1: could not listen. */
int ns_lwip_iperf(struct ns_lwip *g, u16_t port);

/* For the glue's files: a line for the core's log. */
void ns_lwip_log(struct ns_lwip *g, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* mqtt_client.c, for network.c: the netif changed; an attempt may wait for it. */
void ns_lwip_sub_address(struct ns_lwip *g);

#endif /* NETSPLIT_LWIP_GLUE_H */
