/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemons' sections of the config file: [host] and [wifi] for
 * netsplitd, [coprocessor] for netsplit-cpd and netsplit-fw. Every key is
 * optional; the defaults are what a host with an ethsta0 and a
 * co-processor on /run/netsplit want.
 */
#ifndef NETSPLIT_SETTINGS_H
#define NETSPLIT_SETTINGS_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#define NS_ENDPOINT_MAX 108 /* sizeof(sun_path), plus "unix:" fits below */
#define NS_GROUP_MAX 33	    /* a group's name (useradd's 32), or its number */
/* The ethsta driver's control channel: netsplitd's control when present. */
#define NS_CONTROL_DEVICE "/dev/espctl0"

struct ns_host_settings {
	char interface[IF_NAMESIZE];
	char control[NS_ENDPOINT_MAX];	/* the co-processor: unix:PATH or /dev/... */
	char socket[NS_ENDPOINT_MAX];	/* where netsplitctl finds netsplitd */
	char socket_group[NS_GROUP_MAX]; /* may read status through it */
	char resolv_conf[PATH_MAX];	/* auto, resolved, resolvconf or a file */
	char pin_root[PATH_MAX];	/* the guard's maps */
	__u32 metric;
	__u32 heartbeat_ms;
	__u32 heartbeat_misses; /* unanswered: the co-processor is down */
	bool keep_on_exit;
	bool guard;
	bool generic;
	/* [wifi]: the co-processor's station; "" = as the co-processor has it */
	char wifi_ssid[33];
	char wifi_psk_file[PATH_MAX]; /* "" = an open network */
};

struct ns_cp_settings {
	char uplink[IF_NAMESIZE];
	char host_link[IF_NAMESIZE];
	char listen[NS_ENDPOINT_MAX];
	char socket_group[NS_GROUP_MAX]; /* may read status through listen */
	char bus[PATH_MAX];		/* the driver's bus device; "" = host_link is a link */
	char dns[PATH_MAX];		/* resolv.conf written by the DHCP client */
	char state_file[PATH_MAX];
	char pin_root[PATH_MAX];
	char wake_command[PATH_MAX];
	__u32 heartbeat_ms;
	__u32 heartbeat_misses;
	__u32 wake_queue;
	__u32 wake_burst;      /* wakes of one pattern in a row... */
	__u32 wake_interval_s; /* ...then one each this many seconds */
	bool generic;
};

enum ns_settings_section {
	NS_SETTINGS_HOST,
	NS_SETTINGS_COPROCESSOR,
	NS_SETTINGS_WIFI, /* kept in struct ns_host_settings */
};

void ns_settings_default(struct ns_host_settings *host,
			 struct ns_cp_settings *cp);

/*
 * The default of key in section, as the config file would say it ("A | B":
 * the path A when it exists, else B), or NULL when it has none.
 */
const char *ns_settings_default_of(enum ns_settings_section section,
				   const char *key);

/*
 * Sets key of a section from value. Returns 0, -ENOENT for an unknown key
 * or -EINVAL with *rule saying what the value must be.
 */
int ns_settings_set(struct ns_host_settings *host, struct ns_cp_settings *cp,
		    enum ns_settings_section section, const char *key,
		    const char *value, const char **rule);

#endif /* NETSPLIT_SETTINGS_H */
