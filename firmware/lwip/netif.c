// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The uplink's netif. Its input function (given to netif_add()) is where
 * the split happens: every frame from the uplink is classified by the core
 * before lwIP sees any of it, and only what the verdict gives the slave
 * reaches ethernet_input(). lwIP has no hook that sees the whole frame;
 * the input function is the place a driver hands frames over, on an ESP32
 * as here.
 */
#include <stdarg.h>
#include <string.h>

#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "fmt.h"
#include "glue.h"

void ns_lwip_log(struct ns_lwip *g, int level, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	ns_vfmt(line, sizeof(line), fmt, ap);
	va_end(ap);
	g->core->ops.log(g->core->ops.ctx, level, line);
}

/*
 * A chained pbuf in one piece, from lwIP's heap for as long as the frame is
 * handled: the radio and the classifier take one buffer. lwIP sends TCP
 * chained (headers, then the data); the glue keeps no frame of its own.
 */
static struct pbuf *ns_lwip_flat(struct pbuf *p)
{
	return p->next ? pbuf_clone(PBUF_RAW, PBUF_RAM, p) : p;
}

static err_t ns_lwip_output(struct netif *netif, struct pbuf *p)
{
	struct ns_lwip *g = netif->state;
	struct pbuf *q = ns_lwip_flat(p);
	int ret;

	if (!q) {
		LINK_STATS_INC(link.memerr);
		return ERR_MEM;
	}
	LINK_STATS_INC(link.xmit);
	ret = g->port.uplink_send(g->port.ctx, q->payload, q->tot_len);
	if (q != p)
		pbuf_free(q);
	return ret ? ERR_IF : ERR_OK;
}

static err_t ns_lwip_input(struct pbuf *p, struct netif *netif)
{
	struct ns_lwip *g = netif->state;
	struct pbuf *q = ns_lwip_flat(p);

	if (q != p)
		pbuf_free(p);
	if (!q) {
		LINK_STATS_INC(link.memerr);
		LINK_STATS_INC(link.drop);
		return ERR_OK;
	}
	LINK_STATS_INC(link.recv);
	g->input = q;
	ns_core_uplink_frame(g->core, q->payload, q->tot_len,
			     g->port.now(g->port.ctx));
	/* Not taken by lwIP: the host's, or dropped. */
	if (g->input)
		pbuf_free(q);
	g->input = NULL;
	return ERR_OK;
}

void ns_lwip_to_stack(struct ns_lwip *g, const u8_t *frame, u32_t len)
{
	struct pbuf *p = g->input;

	/*
	 * The frame being classified: its last use, so lwIP gets the pbuf
	 * itself (an echo request becomes the reply in place, which needs
	 * the only reference).
	 */
	g->input = NULL;
	if (!p) {
		p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
		if (!p) {
			LINK_STATS_INC(link.memerr);
			return;
		}
		pbuf_take(p, frame, (u16_t)len);
	}
	/* It frees p, whatever becomes of the frame. */
	ethernet_input(p, &g->netif);
}

static err_t ns_lwip_netif_init(struct netif *netif)
{
	netif->name[0] = 'u';
	netif->name[1] = 'p';
	netif->hwaddr_len = ETH_HWADDR_LEN;
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	netif->output = etharp_output;
	netif->output_ip6 = ethip6_output;
	netif->linkoutput = ns_lwip_output;
	netif_set_hostname(netif, "netsplit");
	return ERR_OK;
}

void ns_lwip_uplink_frame(struct ns_lwip *g, const u8_t *frame, u16_t len)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, len, PBUF_POOL);

	if (!p) {
		LINK_STATS_INC(link.memerr);
		LINK_STATS_INC(link.drop);
		return;
	}
	pbuf_take(p, frame, len);
	g->netif.input(p, &g->netif);
}

void ns_lwip_init(struct ns_lwip *g, struct ns_core *core,
		  const struct ns_lwip_port *port, const u8_t mac[6], u16_t mtu)
{
	g->core = core;
	g->port = *port;
	/* With an OS (ESP-IDF), lwIP's thread has started it already. */
#if NO_SYS
	lwip_init();
#endif
	netif_add(&g->netif, NULL, NULL, NULL, g, ns_lwip_netif_init,
		  ns_lwip_input);
	memcpy(g->netif.hwaddr, mac, ETH_HWADDR_LEN);
	g->netif.mtu = mtu;
	g->netif.mtu6 = mtu;
	netif_set_default(&g->netif);
}

/* With an OS, lwIP's thread runs its timers. */
void ns_lwip_poll(struct ns_lwip *g)
{
	(void)g;
#if NO_SYS
	sys_check_timeouts();
#endif
}

u32_t ns_lwip_sleep_ms(struct ns_lwip *g, u32_t limit_ms)
{
	(void)g;
#if NO_SYS
	u32_t next = sys_timeouts_sleeptime();

	return next < limit_ms ? next : limit_ms;
#else
	return limit_ms;
#endif
}
