// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/bpf_abi.h>

#include "settings.h"

enum ns_setting_kind {
	NS_SET_STRING,
	NS_SET_IFNAME,
	NS_SET_ENDPOINT,
	NS_SET_UINT,
	NS_SET_BOOL,
	NS_SET_XDP_MODE,
	NS_SET_DNS,
};

struct ns_setting {
	enum ns_settings_section section;
	const char *key;
	enum ns_setting_kind kind;
	size_t offset;
	size_t size;
	__u32 min, max;
};

#define NS_HOST(key, kind, field, min, max)                                   \
	{ NS_SETTINGS_HOST, key, kind, offsetof(struct ns_host_settings, field), \
	  sizeof(((struct ns_host_settings *)0)->field), min, max }
#define NS_CP(key, kind, field, min, max)                                 \
	{ NS_SETTINGS_COPROCESSOR, key, kind,                             \
	  offsetof(struct ns_cp_settings, field),                         \
	  sizeof(((struct ns_cp_settings *)0)->field), min, max }

static const struct ns_setting ns_settings[] = {
	NS_HOST("interface", NS_SET_IFNAME, interface, 0, 0),
	NS_HOST("control", NS_SET_ENDPOINT, control, 0, 0),
	NS_HOST("socket", NS_SET_ENDPOINT, socket, 0, 0),
	NS_HOST("resolv_conf", NS_SET_DNS, resolv_conf, 0, 0),
	NS_HOST("pin_root", NS_SET_STRING, pin_root, 0, 0),
	NS_HOST("metric", NS_SET_UINT, metric, 0, 0xffffffffu),
	NS_HOST("heartbeat_interval", NS_SET_UINT, heartbeat_ms, 100, 60000),
	NS_HOST("keep_on_exit", NS_SET_BOOL, keep_on_exit, 0, 0),
	NS_HOST("guard", NS_SET_BOOL, guard, 0, 0),
	NS_HOST("xdp_mode", NS_SET_XDP_MODE, generic, 0, 0),
	NS_CP("uplink", NS_SET_IFNAME, uplink, 0, 0),
	NS_CP("host_link", NS_SET_IFNAME, host_link, 0, 0),
	NS_CP("listen", NS_SET_ENDPOINT, listen, 0, 0),
	NS_CP("bus", NS_SET_STRING, bus, 0, 0),
	NS_CP("dns", NS_SET_STRING, dns, 0, 0),
	NS_CP("state_file", NS_SET_STRING, state_file, 0, 0),
	NS_CP("pin_root", NS_SET_STRING, pin_root, 0, 0),
	NS_CP("wake_command", NS_SET_STRING, wake_command, 0, 0),
	NS_CP("heartbeat_interval", NS_SET_UINT, heartbeat_ms, 100, 60000),
	NS_CP("heartbeat_misses", NS_SET_UINT, heartbeat_misses, 1, 100),
	NS_CP("wake_queue", NS_SET_UINT, wake_queue, 1, 4096),
	NS_CP("xdp_mode", NS_SET_XDP_MODE, generic, 0, 0),
};

void ns_settings_default(struct ns_host_settings *host,
			 struct ns_cp_settings *cp)
{
	memset(host, 0, sizeof(*host));
	strcpy(host->interface, "ethsta0");
	/* The driver's control channel when it is there, as on a real host. */
	strcpy(host->control, access(NS_CONTROL_DEVICE, F_OK) ?
				      "unix:/run/netsplit/cpd.sock" :
				      NS_CONTROL_DEVICE);
	strcpy(host->socket, "unix:/run/netsplit/netsplitd.sock");
	strcpy(host->resolv_conf, "auto");
	strcpy(host->pin_root, NS_PIN_ROOT_DEFAULT "/host");
	host->metric = 100;
	host->heartbeat_ms = 1000;
	host->guard = true;

	memset(cp, 0, sizeof(*cp));
	strcpy(cp->uplink, "wlan0");
	strcpy(cp->host_link, "esp-host");
	strcpy(cp->listen, "unix:/run/netsplit/cpd.sock");
	strcpy(cp->dns, "/etc/resolv.conf");
	strcpy(cp->state_file, "/var/lib/netsplit/network.state");
	strcpy(cp->pin_root, NS_PIN_ROOT_DEFAULT);
	cp->heartbeat_ms = 1000;
	cp->heartbeat_misses = 3;
	cp->wake_queue = 64;
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
		if (!len || len >= s->size)
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
	const struct ns_setting *s;
	size_t i;

	for (i = 0; i < sizeof(ns_settings) / sizeof(ns_settings[0]); i++) {
		s = &ns_settings[i];
		if (s->section != section || strcmp(s->key, key))
			continue;
		*rule = ns_setting_rule(s);
		/* An empty wake_command means none. */
		if (s->offset == offsetof(struct ns_cp_settings, wake_command) &&
		    section == NS_SETTINGS_COPROCESSOR && !*value) {
			cp->wake_command[0] = '\0';
			return 0;
		}
		return ns_setting_store(s, section == NS_SETTINGS_HOST ?
						   (void *)host :
						   (void *)cp,
					value);
	}
	return -ENOENT;
}
