// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the co-processor keeps across restarts (the core's saved state), in
 * its state file: the last good network of the uplink (link up, an IPv4
 * address), to put back without DHCP, and the last rule table it was given,
 * so that a restart while the host sleeps keeps the wake patterns and the
 * subscription, and the Wi-Fi station's credentials as the host last sent
 * them (netsplit-fw's station). key=value lines; the table is its wire
 * form in hex, the SSID and passphrase too (any byte kept exactly); the
 * last line is "end", so that a file cut short anywhere (a full disk, a
 * copy) is known as such and not taken for a smaller state, such as an
 * address cut to another. Written atomically, readable by its owner only
 * (0600: the passphrase). netsplit-cpd and netsplit-fw share the format.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netsplit/validate.h>

#include "log.h"
#include "parse.h"
#include "saved.h"
#include "table.h"

#define NS_SAVED_END "end"

static void ns_saved_put_network(FILE *f, const struct ns_net_status *st)
{
	struct ns_addr gw6;
	char text[64];
	int i;

	fprintf(f, "mac=%02x:%02x:%02x:%02x:%02x:%02x\n", st->mac[0],
		st->mac[1], st->mac[2], st->mac[3], st->mac[4], st->mac[5]);
	fprintf(f, "ipv4=%s\n", ns_addr_format(&st->ipv4, true, text,
					       sizeof(text)));
	fprintf(f, "gateway=%u.%u.%u.%u\n", st->gateway4[0], st->gateway4[1],
		st->gateway4[2], st->gateway4[3]);
	ns_status_gateway(st, 6, &gw6);
	fprintf(f, "gateway6=%s\n",
		ns_addr_format(&gw6, false, text, sizeof(text)));
	for (i = 0; i < st->dns_count; i++)
		fprintf(f, "dns=%s\n",
			ns_addr_format(&st->dns[i], false, text, sizeof(text)));
	for (i = 0; i < st->ipv6_count; i++)
		fprintf(f, "ipv6=%s\n",
			ns_addr_format(&st->ipv6[i], true, text, sizeof(text)));
	fprintf(f, "mtu=%u\n", st->mtu);
}

static void ns_saved_put_rules(FILE *f, const struct ns_rules *rules)
{
	__u8 wire[NS_RULES_WIRE_LEN];
	__u32 i;

	ns_rules_to_wire(rules, wire);
	fputs("rules=", f);
	for (i = 0; i < NS_RULES_WIRE_LEN; i++)
		fprintf(f, "%02x", wire[i]);
	fputc('\n', f);
}

static void ns_saved_put_hex(FILE *f, const char *key, const char *text)
{
	fprintf(f, "%s=", key);
	while (*text)
		fprintf(f, "%02x", (unsigned char)*text++);
	fputc('\n', f);
}

static int ns_saved_write(const char *path, const char *uplink,
			  const struct ns_core_saved *saved)
{
	char tmp[PATH_MAX + 8], dir[PATH_MAX];
	char *slash;
	FILE *f;
	int fd, ret = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	/* A file left by an older version may be more open than that. */
	f = fchmod(fd, 0600) ? NULL : fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		unlink(tmp);
		return ret;
	}
	fprintf(f, "# the last good network of %s, the last rule table\n",
		uplink);
	if (saved->network_known)
		ns_saved_put_network(f, &saved->network);
	if (saved->rules_known)
		ns_saved_put_rules(f, &saved->rules);
	if (saved->wifi_known) {
		ns_saved_put_hex(f, "wifi_ssid", saved->wifi.ssid);
		ns_saved_put_hex(f, "wifi_psk", saved->wifi.psk);
	}
	fputs(NS_SAVED_END "\n", f);
	if (fflush(f) || fsync(fileno(f)))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

void ns_saved_store(const char *path, const char *uplink,
		    const struct ns_core_saved *saved)
{
	int ret = ns_saved_write(path, uplink, saved);

	if (ret)
		ns_log(LOG_ERR, "cannot write %s: %s", path, strerror(-ret));
}

static int ns_saved_take_rules(const char *hex, struct ns_rules *rules)
{
	__u8 wire[NS_RULES_WIRE_LEN];
	struct ns_problem problem;
	unsigned int byte;
	__u32 i;

	if (strlen(hex) != 2 * NS_RULES_WIRE_LEN)
		return -EINVAL;
	for (i = 0; i < NS_RULES_WIRE_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -EINVAL;
		wire[i] = (__u8)byte;
	}
	ns_rules_from_wire(wire, rules);
	return ns_rules_check(rules, &problem) ? -EINVAL : 0;
}

/* Hex of at most max bytes, a text of printable ones. */
static int ns_saved_take_hex(const char *hex, char *out, size_t max)
{
	size_t n = strlen(hex) / 2, i;
	unsigned int byte;

	if (strlen(hex) % 2 || n > max)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1 || byte < 0x20 ||
		    byte > 0x7e)
			return -EINVAL;
		out[i] = (char)byte;
	}
	out[n] = '\0';
	return 0;
}

static int ns_saved_take(struct ns_core_saved *state, const char *key,
			  const char *value)
{
	struct ns_net_status *st = &state->network;
	unsigned int mac[6];
	struct ns_addr gw;
	int i, ret = 0;

	if (!strcmp(key, "mac")) {
		if (sscanf(value, "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1],
			   &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
			return -EINVAL;
		for (i = 0; i < 6; i++)
			st->mac[i] = (__u8)mac[i];
	} else if (!strcmp(key, "ipv4")) {
		ret = ns_addr_parse(value, &st->ipv4);
		if (!ret && st->ipv4.family != 4)
			ret = -EINVAL;
	} else if (!strcmp(key, "gateway") || !strcmp(key, "gateway6")) {
		ret = ns_addr_parse(value, &gw);
		if (!ret && gw.family != (strcmp(key, "gateway") ? 6 : 4))
			ret = -EINVAL;
		if (!ret)
			ns_status_set_gateway(st, &gw);
	} else if (!strcmp(key, "dns") && st->dns_count < NS_DNS_MAX) {
		ret = ns_addr_parse(value, &st->dns[st->dns_count]);
		st->dns[st->dns_count++].prefix = 0;
	} else if (!strcmp(key, "ipv6") && st->ipv6_count < NS_IPV6_MAX) {
		ret = ns_addr_parse(value, &st->ipv6[st->ipv6_count++]);
	} else if (!strcmp(key, "mtu")) {
		st->mtu = (__u32)strtoul(value, NULL, 10);
	} else if (!strcmp(key, "rules")) {
		ret = ns_saved_take_rules(value, &state->rules);
		state->rules_known = !ret;
	} else if (!strcmp(key, "wifi_ssid")) {
		ret = ns_saved_take_hex(value, state->wifi.ssid,
					NS_WIFI_SSID_MAX);
	} else if (!strcmp(key, "wifi_psk")) {
		ret = ns_saved_take_hex(value, state->wifi.psk,
					NS_WIFI_PSK_MAX);
	}
	return ret;
}

/*
 * Reads the lines of f into state, up to the end line. NULL, or why the
 * file cannot be used.
 */
static const char *ns_saved_read(FILE *f, struct ns_core_saved *state,
				 char **line, size_t *cap)
{
	bool ended = false;
	char *key, *eq;
	ssize_t n;

	errno = 0;
	while ((n = getline(line, cap, f)) > 0) {
		if (ended)
			return "lines after its end line";
		if ((*line)[n - 1] != '\n')
			return "cut short (its last line is not whole)";
		key = ns_trim(*line);
		if (*key == '#' || !*key)
			continue;
		if (!strcmp(key, NS_SAVED_END)) {
			ended = true;
			continue;
		}
		eq = strchr(key, '=');
		if (!eq)
			return "a line that is not key=value";
		*eq = '\0';
		if (ns_saved_take(state, key, eq + 1))
			return "a value that is not valid";
	}
	if (ferror(f))
		return strerror(errno ?: EIO);
	if (!ended)
		return "cut short (no end line)";
	if (state->wifi.ssid[0] &&
	    !ns_wifi_usable(state->wifi.ssid, state->wifi.psk))
		return "Wi-Fi credentials that are not valid";
	return NULL;
}

void ns_saved_load(const char *path, struct ns_core_saved *state)
{
	const char *why;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	memset(state, 0, sizeof(*state));
	f = fopen(path, "r");
	if (!f) {
		if (errno != ENOENT)
			ns_log(LOG_WARNING,
			       "ignoring state file %s: %s; waiting for the network",
			       path, strerror(errno));
		return;
	}
	why = ns_saved_read(f, state, &line, &cap);
	fclose(f);
	if (line)
		ns_scrub(line, (__u32)cap);
	free(line);
	if (why) {
		ns_log(LOG_WARNING,
		       "ignoring state file %s: %s; waiting for the network",
		       path, why);
		ns_scrub(state, sizeof(*state));
		return;
	}
	state->network_known = state->network.ipv4.family == 4;
	state->wifi_known = state->wifi.ssid[0] != '\0';
	if (state->rules_known)
		ns_log(LOG_NOTICE, "rule table version %u, as last given, from %s",
		       state->rules.table.version, path);
}
