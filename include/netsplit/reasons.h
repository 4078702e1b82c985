/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Why a frame went where it went. The names are stable: they appear in
 * `netsplitctl classify` and `netsplitctl stats` output and in scripts built
 * on them. New reasons are added at the end so counter indexes stay put.
 */
#ifndef NETSPLIT_REASONS_H
#define NETSPLIT_REASONS_H

#define NS_REASONS(X)                                  \
	X(MALFORMED, "malformed")                      \
	X(ARP_REQUEST, "arp-request")                  \
	X(ARP_REPLY, "arp-reply")                      \
	X(DHCP, "dhcp")                                \
	X(BROADCAST, "broadcast")                      \
	X(NOT_OURS, "not-ours")                        \
	X(FRAGMENT, "fragment")                        \
	X(FRAGMENT_UNKNOWN, "fragment-unknown")        \
	X(STATIC_PORT, "static-port")                  \
	X(SHARED_SLAVE, "shared-slave")                \
	X(SHARED_HOST, "shared-host")                  \
	X(HOST_RANGE, "host-range")                    \
	X(HOST_ASLEEP, "host-asleep")                  \
	X(SLAVE_RANGE, "slave-range")                  \
	X(DEFAULT, "default")                          \
	X(MQTT_WAKE, "mqtt-wake")                      \
	X(SYN_WAKE, "syn-wake")                        \
	X(ECHO_REQUEST, "echo-request")                \
	X(ECHO_REPLY, "echo-reply")                    \
	X(ICMP_ERROR, "icmp-error")                    \
	X(NEIGH_SOLICIT, "neigh-solicit")              \
	X(NEIGH_ADVERT, "neigh-advert")                \
	X(ROUTER_ADVERT, "router-advert")              \
	X(OTHER, "other")                              \
	X(HOST_DOWN, "host-down")                      \
	X(MISROUTED, "misrouted")                      \
	X(PORT_COLLISION, "port-collision")            \
	X(HOST_LINK_MISSING, "host-link-missing")      \
	X(MQTT_SUBSCRIPTION, "mqtt-subscription")

enum ns_reason {
#define NS_REASON_ENUM(id, name) NS_REASON_##id,
	NS_REASONS(NS_REASON_ENUM)
#undef NS_REASON_ENUM
	NS_REASON_COUNT
};

static const char *const ns_reason_name[NS_REASON_COUNT] = {
#define NS_REASON_NAME(id, name) [NS_REASON_##id] = name,
	NS_REASONS(NS_REASON_NAME)
#undef NS_REASON_NAME
};

#endif /* NETSPLIT_REASONS_H */
