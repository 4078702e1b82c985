// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/bpf_abi.h>
#include <netsplit/proto.h>

#include "settings.h"

enum ns_setting_kind {
	NS_SET_STRING,
	NS_SET_IFNAME,
	NS_SET_ENDPOINT,
	NS_SET_UINT,
	NS_SET_BOOL,
	NS_SET_XDP_MODE,
	NS_SET_DNS,
	NS_SET_SSID,
	NS_SET_PATH,
	NS_SET_GROUP,
};

/*
 * A key of a daemon's section: its kind, where it is kept, the numbers
 * taken, and its default, the one place a default is written (NULL: none;
 * "A | B": the path A when it exists, else B).
 */
struct ns_setting {
	enum ns_settings_section section;
	const char *key;
	enum ns_setting_kind kind;
	size_t offset;
	size_t size;
	__u32 min, max;
	const char *dflt;
};

#define NS_HOST(key, kind, field, min, max, dflt)                              \
	{                                                                      \
		NS_SETTINGS_HOST, key, kind,                                   \
			offsetof(struct ns_host_settings, field),              \
			sizeof(((struct ns_host_settings *)0)->field), min,    \
			max, dflt                                              \
	}
#define NS_WIFI(key, kind, field)                                              \
	{                                                                      \
		NS_SETTINGS_WIFI, key, kind,                                   \
			offsetof(struct ns_host_settings, field),              \
			sizeof(((struct ns_host_settings *)0)->field), 0, 0,   \
			NULL                                                   \
	}
#define NS_CP(key, kind, field, min, max, dflt)                                \
	{                                                                      \
		NS_SETTINGS_COPROCESSOR, key, kind,                            \
			offsetof(struct ns_cp_settings, field),                \
			sizeof(((struct ns_cp_settings *)0)->field), min, max, \
			dflt                                                   \
	}

/* The co-processor's socket; the driver's control channel first. */
#define NS_CPD_SOCKET "unix:/run/netsplit/cpd.sock"

static const struct ns_setting ns_settings[] = {
	NS_HOST("interface", NS_SET_IFNAME, interface, 0, 0, "ethsta0"),
	NS_HOST("control", NS_SET_ENDPOINT, control, 0, 0,
		NS_CONTROL_DEVICE " | " NS_CPD_SOCKET),
	NS_HOST("socket", NS_SET_ENDPOINT, socket, 0, 0,
		"unix:/run/netsplit/netsplitd.sock"),
	NS_HOST("socket_group", NS_SET_GROUP, socket_group, 0, 0, "netsplit"),
	NS_HOST("resolv_conf", NS_SET_DNS, resolv_conf, 0, 0, "auto"),
	NS_HOST("pin_root", NS_SET_STRING, pin_root, 0, 0,
		NS_PIN_ROOT_DEFAULT "/host"),
	NS_HOST("metric", NS_SET_UINT, metric, 0, 0xffffffffu, "100"),
	NS_HOST("heartbeat_interval", NS_SET_UINT, heartbeat_ms, 100, 60000,
		"1000"),
	NS_HOST("heartbeat_misses", NS_SET_UINT, heartbeat_misses, 1, 100,
		"3"),
	NS_HOST("keep_on_exit", NS_SET_BOOL, keep_on_exit, 0, 0, "no"),
	NS_HOST("guard", NS_SET_BOOL, guard, 0, 0, "yes"),
	NS_HOST("xdp_mode", NS_SET_XDP_MODE, generic, 0, 0, "native"),
	NS_WIFI("ssid", NS_SET_SSID, wifi_ssid),
	NS_WIFI("psk_file", NS_SET_PATH, wifi_psk_file),
	NS_CP("uplink", NS_SET_IFNAME, uplink, 0, 0, "wlan0"),
	NS_CP("host_link", NS_SET_IFNAME, host_link, 0, 0, "esp-host"),
	NS_CP("listen", NS_SET_ENDPOINT, listen, 0, 0, NS_CPD_SOCKET),
	NS_CP("socket_group", NS_SET_GROUP, socket_group, 0, 0, "netsplit"),
	NS_CP("bus", NS_SET_STRING, bus, 0, 0, NULL),
	NS_CP("dns", NS_SET_STRING, dns, 0, 0, "/etc/resolv.conf"),
	NS_CP("state_file", NS_SET_STRING, state_file, 0, 0,
	      "/var/lib/netsplit/network.state"),
	NS_CP("pin_root", NS_SET_STRING, pin_root, 0, 0, NS_PIN_ROOT_DEFAULT),
	NS_CP("wake_command", NS_SET_STRING, wake_command, 0, 0, NULL),
	NS_CP("heartbeat_interval", NS_SET_UINT, heartbeat_ms, 100, 60000,
	      "1000"),
	NS_CP("heartbeat_misses", NS_SET_UINT, heartbeat_misses, 1, 100, "3"),
	NS_CP("wake_queue", NS_SET_UINT, wake_queue, 1, 4096, "64"),
	NS_CP("wake_burst", NS_SET_UINT, wake_burst, 1, 1000, "5"),
	NS_CP("wake_interval", NS_SET_UINT, wake_interval_s, 1, 86400, "10"),
	NS_CP("xdp_mode", NS_SET_XDP_MODE, generic, 0, 0, "native"),
};

static const struct ns_setting *
ns_setting_find(enum ns_settings_section section, const char *key)
{
	size_t i;

	for (i = 0; i < NS_ARRAY_SIZE(ns_settings); i++)
		if (ns_settings[i].section == section &&
		    !strcmp(ns_settings[i].key, key))
			return &ns_settings[i];
	return NULL;
}

const char *ns_settings_default_of(enum ns_settings_section section,
				   const char *key)
{
	const struct ns_setting *s = ns_setting_find(section, key);

	return s ? s->dflt : NULL;
}

static const char *ns_setting_rule(const struct ns_setting *s)
{
	static char rule[96];

	switch (s->kind) {
	case NS_SET_STRING:
		return "expected a non-empty value, shorter than PATH_MAX";
	case NS_SET_IFNAME:
		return "expected an interface name of 1-15 characters";
	case NS_SET_ENDPOINT:
		return "expected unix:PATH or a /dev/ path, at most 107 bytes";
	case NS_SET_UINT:
		snprintf(rule, sizeof(rule), "expected a number %u-%u", s->min,
			 s->max);
		return rule;
	case NS_SET_BOOL:
		return "expected yes or no";
	case NS_SET_XDP_MODE:
		return "expected native or generic";
	case NS_SET_DNS:
		return "expected auto, resolved, resolvconf or an absolute path";
	case NS_SET_SSID:
		return "expected an SSID of 1-32 printable ASCII characters";
	case NS_SET_PATH:
		return "expected an absolute path";
	case NS_SET_GROUP:
		return "expected a group's name or number, 1-32 characters";
	}
	return "invalid";
}

static int ns_setting_store(const struct ns_setting *s, void *base,
			    const char *value)
{
	char *field = (char *)base + s->offset;
	unsigned long long n;
	size_t len = strlen(value);
	char *end;

	switch (s->kind) {
	case NS_SET_STRING:
	case NS_SET_IFNAME:
	case NS_SET_ENDPOINT:
	case NS_SET_DNS:
	case NS_SET_SSID:
	case NS_SET_PATH:
	case NS_SET_GROUP:
		if (!len || len >= s->size)
			return -EINVAL;
		if (s->kind == NS_SET_SSID && !ns_wifi_usable(value, ""))
			return -EINVAL;
		if (s->kind == NS_SET_PATH && *value != '/')
			return -EINVAL;
		if (s->kind == NS_SET_DNS && *value != '/' &&
		    strcmp(value, "auto") && strcmp(value, "resolved") &&
		    strcmp(value, "resolvconf"))
			return -EINVAL;
		if (s->kind == NS_SET_IFNAME && strpbrk(value, "/: \t"))
			return -EINVAL;
		if (s->kind == NS_SET_ENDPOINT &&
		    strncmp(value, "unix:/", 6) && strncmp(value, "/dev/", 5))
			return -EINVAL;
		memcpy(field, value, len + 1);
		return 0;
	case NS_SET_UINT:
		if (*value < '0' || *value > '9')
			return -EINVAL;
		errno = 0;
		n = strtoull(value, &end, 10);
		if (errno || *end || n < s->min || n > s->max)
			return -EINVAL;
		*(__u32 *)field = (__u32)n;
		return 0;
	case NS_SET_BOOL:
	case NS_SET_XDP_MODE:
		if (!strcmp(value, s->kind == NS_SET_BOOL ? "yes" : "generic"))
			*(bool *)field = true;
		else if (!strcmp(value, s->kind == NS_SET_BOOL ? "no" : "native"))
			*(bool *)field = false;
		else
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

int ns_settings_set(struct ns_host_settings *host, struct ns_cp_settings *cp,
		    enum ns_settings_section section, const char *key,
		    const char *value, const char **rule)
{
	const struct ns_setting *s = ns_setting_find(section, key);

	if (!s)
		return -ENOENT;
	*rule = ns_setting_rule(s);
	/* An empty wake_command means none. */
	if (s->offset == offsetof(struct ns_cp_settings, wake_command) &&
	    section == NS_SETTINGS_COPROCESSOR && !*value) {
		cp->wake_command[0] = '\0';
		return 0;
	}
	return ns_setting_store(
		s, section == NS_SETTINGS_COPROCESSOR ? (void *)cp : (void *)host,
		value);
}

/* A default "A | B": A when that path exists, else B. */
static int ns_setting_store_default(const struct ns_setting *s, void *base)
{
	const char *bar = strstr(s->dflt, " | ");
	char first[PATH_MAX];

	if (!bar)
		return ns_setting_store(s, base, s->dflt);
	snprintf(first, sizeof(first), "%.*s", (int)(bar - s->dflt), s->dflt);
	return ns_setting_store(s, base, access(first, F_OK) ? bar + 3 : first);
}

void ns_settings_default(struct ns_host_settings *host,
			 struct ns_cp_settings *cp)
{
	const struct ns_setting *s;
	size_t i;

	memset(host, 0, sizeof(*host));
	memset(cp, 0, sizeof(*cp));
	for (i = 0; i < NS_ARRAY_SIZE(ns_settings); i++) {
		s = &ns_settings[i];
		if (s->dflt)
			ns_setting_store_default(
				s, s->section == NS_SETTINGS_COPROCESSOR
					   ? (void *)cp
					   : (void *)host);
	}
}
