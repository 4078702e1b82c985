// SPDX-License-Identifier: GPL-2.0-only
/*
 * The uplink, as a Wi-Fi driver would give it to the firmware: every frame
 * that arrives, whole, and a way to send one. A packet socket on an
 * interface where Linux's own stack has no address: lwIP owns the shared
 * address there, and Linux must not answer for it (no IPv4 address; IPv6
 * off, so no SLAAC, no neighbour discovery of its own). A station that is
 * not associated hears and sends nothing.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "fw.h"
#include "iface.h"
#include "log.h"

/* An IPv4 address of Linux's own on the uplink is lwIP's to have. */
static int fw_uplink_unaddressed(const char *name)
{
	struct ifaddrs *all, *a;
	char text[INET_ADDRSTRLEN];
	int ret = 0;

	if (getifaddrs(&all))
		return -errno;
	for (a = all; a && !ret; a = a->ifa_next) {
		if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET ||
		    strcmp(a->ifa_name, name))
			continue;
		inet_ntop(AF_INET,
			  &((struct sockaddr_in *)a->ifa_addr)->sin_addr, text,
			  sizeof(text));
		ns_log(LOG_ERR,
		       "the uplink %s has an address of Linux's own, %s; lwIP owns the shared address there: remove it (ip addr flush dev %s)",
		       name, text, name);
		ret = -EADDRINUSE;
	}
	freeifaddrs(all);
	return ret;
}

int fw_uplink_open(struct fw *fw)
{
	const char *name = fw->cfg.cp.uplink;
	__u32 mtu;
	int ret;

	ret = fw_uplink_unaddressed(name);
	if (ret)
		return ret;
	fw->uplink_fd = fw_packet_link(name, "the uplink",
				       "set uplink in [coprocessor] or give --uplink",
				       true);
	if (fw->uplink_fd < 0)
		return fw->uplink_fd;
	ret = ns_iface_info(name, fw->mac, &mtu);
	if (!ret)
		ret = ns_iface_up(name);
	if (ret)
		ns_log(LOG_ERR, "cannot read or set up the uplink %s: %s", name,
		       strerror(-ret));
	fw->mtu = (__u16)mtu;
	return ret;
}

static void fw_uplink_deliver(struct fw *fw, const __u8 *frame, __u16 len)
{
	if (fw_radio_associated(fw))
		ns_mcu_uplink_frame(&fw->mcu, frame, len);
}

void fw_uplink_receive(struct fw *fw)
{
	fw_packet_receive(fw, fw->uplink_fd, fw->cfg.cp.uplink,
			  fw_uplink_deliver);
}

int fw_uplink_send(struct fw *fw, const __u8 *frame, __u32 len)
{
	if (!fw_radio_associated(fw))
		return -1;
	return fw_packet_send(fw->uplink_fd, fw->cfg.cp.uplink, frame, len,
			      &fw->uplink_send_said);
}

/*
 * What the uplink's socket had no room for, from the kernel's count (read
 * and reset each time), to the core's status; asked ten times a second.
 */
void fw_uplink_count_drops(struct fw *fw, __u64 now)
{
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	if (now < fw->next_drops_ms || fw->uplink_fd < 0)
		return;
	fw->next_drops_ms = now + 100;
	if (getsockopt(fw->uplink_fd, SOL_PACKET, PACKET_STATISTICS, &st, &len))
		return;
	fw->uplink_drops += st.tp_drops;
	ns_core_set_ring_full(&fw->mcu.core, fw->uplink_drops);
}
