// SPDX-License-Identifier: GPL-2.0-only
/* An interface's MAC, MTU and up flag, through ioctl on a socket. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iface.h"

/* ioctl request on name's ifreq; 0 or -errno. */
static int ns_iface_ioctl(const char *name, unsigned long request,
			  struct ifreq *ifr)
{
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (sock < 0)
		return -errno;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
	if (ioctl(sock, request, ifr))
		ret = -errno;
	close(sock);
	return ret;
}

int ns_iface_info(const char *name, __u8 mac[6], __u32 *mtu)
{
	struct ifreq ifr = { 0 };
	int ret;

	ret = ns_iface_ioctl(name, SIOCGIFHWADDR, &ifr);
	if (ret)
		return ret;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (!mtu)
		return 0;
	ret = ns_iface_ioctl(name, SIOCGIFMTU, &ifr);
	*mtu = (__u32)ifr.ifr_mtu;
	return ret;
}

int ns_iface_up(const char *name)
{
	struct ifreq ifr = { 0 };
	int ret;

	ret = ns_iface_ioctl(name, SIOCGIFFLAGS, &ifr);
	if (ret || (ifr.ifr_flags & IFF_UP))
		return ret;
	ifr.ifr_flags |= IFF_UP;
	return ns_iface_ioctl(name, SIOCSIFFLAGS, &ifr);
}
