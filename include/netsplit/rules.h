/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The netsplit rule table: the one definition shared by the BPF datapath,
 * the daemons, the CLI, the tests and the firmware.
 *
 * The table is split in parts so that each part is one BPF map and one
 * `bpftool map update` can change one range or one list. The parts are laid
 * out without implicit padding, so the same bytes can be stored in a map,
 * sent over the control protocol and compared between host and co-processor.
 * All multi-byte integers are in host byte order; addresses are raw bytes.
 */
#ifndef NETSPLIT_RULES_H
#define NETSPLIT_RULES_H

#include "types.h"

/* Where a frame goes. Also the values of the "default" and "dhcp" policies. */
enum ns_dest {
	NS_DEST_SLAVE = 0,
	NS_DEST_HOST = 1,
	NS_DEST_BOTH = 2,
	NS_DEST_DROP = 3,
	NS_DEST_COUNT
};

enum ns_host_state {
	NS_HOST_AWAKE = 0,
	NS_HOST_SLEEPING = 1,
	NS_HOST_DOWN = 2,
	NS_HOST_STATE_COUNT
};

/* Index = owner * 2 + (protocol is UDP). */
enum ns_range_id {
	NS_RANGE_HOST_TCP = 0,
	NS_RANGE_HOST_UDP = 1,
	NS_RANGE_SLAVE_TCP = 2,
	NS_RANGE_SLAVE_UDP = 3,
	NS_RANGE_COUNT
};

/* Index = kind * 2 + (protocol is UDP), except the TCP-only SYN list. */
enum ns_list_id {
	NS_LIST_STATIC_TCP_DST = 0,
	NS_LIST_STATIC_UDP_DST = 1,
	NS_LIST_STATIC_TCP_SRC = 2,
	NS_LIST_STATIC_UDP_SRC = 3,
	NS_LIST_SHARED_TCP = 4,
	NS_LIST_SHARED_UDP = 5,
	NS_LIST_WAKE_SYN = 6,
	NS_LIST_COUNT
};

#define NS_PORT_LIST_MAX 15
#define NS_WAKE_MAX 8
#define NS_WAKE_STR_MAX 64
/* MQTT packets the wake check looks at in one TCP segment. */
#define NS_MQTT_PACKETS_MAX 8
#define NS_IPV6_MAX 4

/* ns_table.flags */
#define NS_TABLE_F_DROP_COLLISIONS 0x01

struct ns_port_range {
	__u16 lo;
	__u16 hi;
};

struct ns_port_list {
	__u16 count;
	__u16 port[NS_PORT_LIST_MAX];
};

/*
 * An MQTT PUBLISH from broker_port wakes a sleeping host when its topic
 * equals topic (any topic when topic_len is 0) and its payload starts with
 * prefix (any payload when prefix_len is 0).
 */
struct ns_wake_pattern {
	__u8 topic[NS_WAKE_STR_MAX];  /* zero-padded */
	__u8 prefix[NS_WAKE_STR_MAX]; /* zero-padded */
	__u16 broker_port;
	__u8 topic_len;
	__u8 prefix_len;
	__u32 reserved;
} __attribute__((aligned(8)));

#define NS_SUB_STR_MAX 64   /* topic filter, prefix, client id, username */
#define NS_SUB_PATH_MAX 128 /* the password file */
#define NS_SUB_KEEPALIVE_DEFAULT 60
#define NS_SUB_KEEPALIVE_MIN 5

/*
 * The co-processor's own wake subscription (SPEC 3): it holds an MQTT
 * connection to the broker from its own ports, subscribed to topic (a
 * filter: `+` and `#` allowed), and a message whose payload starts with
 * prefix wakes the host. None when broker_port is 0 (the whole struct is
 * then zero). The password itself never travels: the co-processor reads
 * password_file on its own side.
 */
struct ns_wake_sub {
	__u8 broker[16]; /* IPv4 in the first 4 bytes, or IPv6 */
	__u16 broker_port;
	__u16 keepalive; /* seconds */
	__u8 family;     /* 4 or 6 */
	__u8 topic_len;
	__u8 prefix_len;
	__u8 client_id_len; /* 0: netsplit-MAC */
	__u8 username_len;  /* 0: none */
	__u8 password_file_len;
	__u8 reserved[6];
	__u8 topic[NS_SUB_STR_MAX]; /* all strings zero-padded */
	__u8 prefix[NS_SUB_STR_MAX];
	__u8 client_id[NS_SUB_STR_MAX];
	__u8 username[NS_SUB_STR_MAX];
	__u8 password_file[NS_SUB_PATH_MAX];
} __attribute__((aligned(8)));

/* The scalar part of the table: policies, state and the shared addresses. */
struct ns_table {
	__u32 version;
	__u8 host_state;   /* enum ns_host_state */
	__u8 default_dest; /* enum ns_dest */
	__u8 dhcp_owner;   /* NS_DEST_SLAVE, _HOST or _BOTH */
	__u8 broadcast;    /* NS_DEST_SLAVE or _BOTH */
	__u8 wake_count;   /* patterns in use, <= NS_WAKE_MAX */
	__u8 ipv4_prefix;  /* 0-32; directed broadcast needs 1-30 */
	__u8 ipv6_count;   /* addresses in use, <= NS_IPV6_MAX */
	__u8 flags;        /* NS_TABLE_F_* */
	__u8 mac[6];
	__u8 reserved[2];
	__u8 ipv4[4]; /* 0.0.0.0 = not learned yet */
	__u8 ipv6[NS_IPV6_MAX][16];
};

/* The whole table, as one value in user space and on the wire. */
struct ns_rules {
	struct ns_table table;
	struct ns_port_range range[NS_RANGE_COUNT];
	struct ns_port_list list[NS_LIST_COUNT];
	struct ns_wake_pattern wake[NS_WAKE_MAX];
	struct ns_wake_sub sub;
};

NS_STATIC_ASSERT(sizeof(struct ns_table) == 88, "ns_table layout");
NS_STATIC_ASSERT(sizeof(struct ns_port_list) == 32, "ns_port_list layout");
NS_STATIC_ASSERT(sizeof(struct ns_wake_pattern) == 136, "ns_wake_pattern layout");
NS_STATIC_ASSERT(sizeof(struct ns_wake_sub) == 32 + 4 * 64 + 128 &&
			 __builtin_offsetof(struct ns_wake_sub, topic) == 32,
		 "ns_wake_sub layout: the strings follow 32 bytes of numbers");
NS_STATIC_ASSERT(sizeof(struct ns_rules) ==
			 88 + 16 + 7 * 32 + 8 * 136 + sizeof(struct ns_wake_sub),
		 "ns_rules layout");

/* Config keys of the ranges and lists, indexed by their ids. */
static const char *const ns_range_key[NS_RANGE_COUNT] = {
	[NS_RANGE_HOST_TCP] = "host_tcp",
	[NS_RANGE_HOST_UDP] = "host_udp",
	[NS_RANGE_SLAVE_TCP] = "slave_tcp",
	[NS_RANGE_SLAVE_UDP] = "slave_udp",
};

static const char *const ns_list_key[NS_LIST_COUNT] = {
	[NS_LIST_STATIC_TCP_DST] = "static_tcp_dst",
	[NS_LIST_STATIC_UDP_DST] = "static_udp_dst",
	[NS_LIST_STATIC_TCP_SRC] = "static_tcp_src",
	[NS_LIST_STATIC_UDP_SRC] = "static_udp_src",
	[NS_LIST_SHARED_TCP] = "shared_tcp",
	[NS_LIST_SHARED_UDP] = "shared_udp",
	[NS_LIST_WAKE_SYN] = "syn_ports",
};

static const char *const ns_dest_name[NS_DEST_COUNT] = {
	[NS_DEST_SLAVE] = "slave",
	[NS_DEST_HOST] = "host",
	[NS_DEST_BOTH] = "both",
	[NS_DEST_DROP] = "drop",
};

static const char *const ns_host_state_name[NS_HOST_STATE_COUNT] = {
	[NS_HOST_AWAKE] = "awake",
	[NS_HOST_SLEEPING] = "sleeping",
	[NS_HOST_DOWN] = "down",
};

#define NS_DEFAULT_WAKE_BROKER 1883
#define NS_DEFAULT_WAKE_PREFIX "wakeup-host"

/* The defaults of SPEC section 2. */
static inline void ns_rules_default(struct ns_rules *r)
{
	static const struct ns_rules defaults = {
		.table = {
			.version = 1,
			.host_state = NS_HOST_AWAKE,
			.default_dest = NS_DEST_SLAVE,
			.dhcp_owner = NS_DEST_SLAVE,
			.broadcast = NS_DEST_SLAVE,
			.wake_count = 1,
		},
		.range = {
			[NS_RANGE_HOST_TCP] = { 49152, 61439 },
			[NS_RANGE_HOST_UDP] = { 49152, 61439 },
			[NS_RANGE_SLAVE_TCP] = { 61440, 65535 },
			[NS_RANGE_SLAVE_UDP] = { 61440, 65535 },
		},
		.list = {
			[NS_LIST_STATIC_TCP_DST] = { 2, { 22, 8554 } },
			[NS_LIST_STATIC_UDP_DST] = { 2, { 53, 123 } },
			[NS_LIST_SHARED_TCP] = { 1, { 5001 } },
			[NS_LIST_SHARED_UDP] = { 1, { 5001 } },
		},
		.wake = {
			{
				.broker_port = NS_DEFAULT_WAKE_BROKER,
				.prefix_len = sizeof(NS_DEFAULT_WAKE_PREFIX) - 1,
				.prefix = NS_DEFAULT_WAKE_PREFIX,
			},
		},
	};

	*r = defaults;
}

#endif /* NETSPLIT_RULES_H */
