// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplitctl status, sleep, wake, and stats: asks netsplitd (or the
 * co-processor), or for stats reads the pinned maps.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/proto.h>

#include "cli.h"
#include "metrics.h"
#include "parse.h"
#include "client.h"

static const char ns_status_usage[] =
	"usage: netsplitctl status [--json] [--socket ENDPOINT]\n"
	"\n"
	"What netsplitd has done: interface, address, route, DNS, the rule table\n"
	"version on each side and whether they agree, host state, guard mode,\n"
	"wakes, the co-processor's Wi-Fi station (when it has one of\n"
	"netsplit's) and its counters. ENDPOINT defaults to\n"
	"$NETSPLITD_SOCKET, else " NS_DEFAULT_SOCKET "; a netsplit-cpd\n"
	"endpoint works too, and shows the co-processor's view.\n";

static const char ns_stats_usage[] =
	"usage: netsplitctl stats [--json | --prometheus] [--socket ENDPOINT]\n"
	"\n"
	"Frames and bytes per reason: summed over CPUs from the pinned counters,\n"
	"or with --socket as netsplitd or the co-processor (netsplit-cpd,\n"
	"netsplit-fw) counts them. --prometheus adds the host state and the\n"
	"table's version (the pinned table's, or the daemon's with the other\n"
	"side's and the wakes), in Prometheus' text format.\n";

static const char ns_state_usage[] =
	"usage: netsplitctl sleep [--socket ENDPOINT]\n"
	"       netsplitctl wake [--socket ENDPOINT]\n"
	"\n"
	"Tells the co-processor (through netsplitd) that the host goes to sleep\n"
	"or is awake again; the systemd sleep hook runs these.\n";

/* How a command prints what it got. */
enum ns_format {
	NS_TEXT,
	NS_JSON = 0x1,
	NS_PROMETHEUS = 0x2,
};

/* --socket, and one of the formats allowed (NS_JSON, NS_PROMETHEUS). */
static int ns_state_options(const char *cmd, int argc, char **argv,
			    const char **socket, enum ns_format *format,
			    unsigned int allowed)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, NS_JSON },
		{ "prometheus", no_argument, NULL, NS_PROMETHEUS },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	while ((opt = ns_getopt(cmd, argc, argv, longopts)) != -1) {
		if (opt == 's') {
			*socket = optarg;
		} else if (opt == NS_JSON || opt == NS_PROMETHEUS) {
			if (!(allowed & (unsigned int)opt))
				return ns_usage_error(cmd, "%s is not for %s",
						      argv[optind - 1], cmd);
			if (*format)
				return ns_usage_error(cmd,
						      "--json or --prometheus: one of them");
			*format = opt;
		} else {
			return NS_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return ns_usage_error(cmd, "unexpected argument '%s'",
				      argv[optind]);
	return NS_EXIT_OK;
}

static void ns_print_addrs(const struct ns_addr *a, int n, bool prefix,
			   bool json)
{
	char text[64];
	int i;

	for (i = 0; i < n; i++) {
		ns_addr_format(&a[i], prefix, text, sizeof(text));
		if (json) {
			fputs(i ? "," : "", stdout);
			ns_json_str(text);
		} else {
			printf("%s%s", i ? " " : "", text);
		}
	}
}

/* The last wake's reason, and its pattern when an MQTT pattern woke it. */
static void ns_print_last_wake(const struct ns_msg *m)
{
	printf(" (last: %s", ns_reason_name[m->wake_reason]);
	if (m->wake_reason == NS_REASON_MQTT_WAKE)
		printf(", rule %u", m->wake_rule);
	putchar(')');
}

static void ns_json_counter(const struct ns_counter *c)
{
	printf("{\"packets\":%llu,\"bytes\":%llu}",
	       (unsigned long long)c->packets, (unsigned long long)c->bytes);
}

/* The IPv6 default router, when the status carries one. */
static bool ns_status_gateway6(const struct ns_msg *m, struct ns_addr *gw)
{
	return (m->fields & NS_FIELD(NS_TLV_GATEWAY6)) &&
	       ns_status_gateway(&m->status, 6, gw);
}

/* netsplitd's view of the co-processor: up, or down and why. */
static void ns_print_peer_state(const struct ns_msg *m)
{
	printf("co-processor ");
	if (m->peer_state == NS_PEER_UP)
		printf("up\n");
	else if (m->peer_state == NS_PEER_SILENT)
		printf("down (no answer for %u ms)\n", m->peer_silent_ms);
	else
		printf("down (not connected)\n");
}

static void ns_mac_text(const __u8 mac[6], char *text, size_t size)
{
	snprintf(text, size, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
}

/* The co-processor's station: its state, SSID, and access point. */
static void ns_print_wifi(const struct ns_msg *m)
{
	const struct ns_wifi_status *w = &m->wifi;
	char bssid[18];

	printf("wifi         %s", ns_wifi_state_name[w->state]);
	if (m->fields & NS_FIELD(NS_TLV_WIFI_SSID))
		printf(" %s %s", w->state == NS_WIFI_CONNECTED ? "to" : "for",
		       w->ssid);
	if (m->fields & NS_FIELD(NS_TLV_WIFI_BSSID)) {
		ns_mac_text(w->bssid, bssid, sizeof(bssid));
		printf(" (%s, %d dBm)", bssid, w->rssi);
	}
	printf("\n");
}

static void ns_json_wifi(const struct ns_msg *m)
{
	const struct ns_wifi_status *w = &m->wifi;
	char bssid[18];

	printf(",\"wifi\":{\"state\":");
	ns_json_str(ns_wifi_state_name[w->state]);
	printf(",\"ssid\":");
	if (m->fields & NS_FIELD(NS_TLV_WIFI_SSID))
		ns_json_str(w->ssid);
	else
		printf("null");
	if (m->fields & NS_FIELD(NS_TLV_WIFI_BSSID)) {
		ns_mac_text(w->bssid, bssid, sizeof(bssid));
		printf(",\"bssid\":");
		ns_json_str(bssid);
		printf(",\"rssi\":%d", w->rssi);
	}
	putchar('}');
}

static void ns_status_text(const struct ns_msg *m, const struct ns_msg *stats)
{
	const struct ns_net_status *s = &m->status;
	struct ns_addr gw;
	char text[64];
	int i, shown = 0;

	ns_status_gateway(s, 4, &gw);
	if (m->fields & NS_FIELD(NS_TLV_IFNAME))
		printf("interface    %s\n", m->ifname);
	printf("connected    %s\n",
	       !(m->fields & NS_FIELD(NS_TLV_CONNECTED)) ? "-" :
	       m->connected				   ? "yes" :
								     "no");
	if (m->fields & NS_FIELD(NS_TLV_PEER_STATE))
		ns_print_peer_state(m);
	if (m->fields & NS_FIELD(NS_TLV_WIFI_STATE))
		ns_print_wifi(m);
	printf("link         %s\n", s->link_up ? "up" : "down");
	ns_mac_text(s->mac, text, sizeof(text));
	printf("mac          %s\n", text);
	printf("address      %s\n", m->fields & NS_FIELD(NS_TLV_IPV4) ?
					    ns_addr_format(&s->ipv4, true, text,
							   sizeof(text)) :
					    "none");
	printf("route        default via %s\n",
	       ns_addr_format(&gw, false, text, sizeof(text)));
	printf("dns          ");
	ns_print_addrs(s->dns, s->dns_count, false, false);
	printf("%s\n", s->dns_count ? "" : "none");
	if (s->ipv6_count) {
		printf("ipv6         ");
		ns_print_addrs(s->ipv6, s->ipv6_count, true, false);
		printf("\n");
	}
	if (ns_status_gateway6(m, &gw))
		printf("route6       default via %s\n",
		       ns_addr_format(&gw, false, text, sizeof(text)));
	printf("host state   %s\n", ns_host_state_name[m->host_state]);
	printf("rules        version %u digest %08x", m->rules_version,
	       m->rules_digest);
	if (m->fields & NS_FIELD(NS_TLV_PEER_VERSION))
		printf("; co-processor version %u digest %08x: %s",
		       m->peer_version, m->peer_digest,
		       ns_msg_tables_agree(m) ? "in agreement" : "DIFFERENT");
	printf("\n");
	if (m->fields & NS_FIELD(NS_TLV_XDP_MODE))
		printf("guard        %s\n", m->xdp_mode ?
						    ns_xdp_mode_name[m->xdp_mode] :
						    "not attached");
	if (m->fields & NS_FIELD(NS_TLV_SUB_STATE)) {
		printf("subscription %s", ns_sub_state_name[m->sub_state]);
		if (m->fields & NS_FIELD(NS_TLV_SUB_ERROR))
			printf(" (%s)", m->sub_error);
		printf("\n");
	}
	printf("wakes        %u", m->wake_count);
	if (m->fields & NS_FIELD(NS_TLV_WAKE_LIMITED) && m->wake_limited)
		printf(" (%u wake-limited)", m->wake_limited);
	if (m->fields & NS_FIELD(NS_TLV_WAKE))
		ns_print_last_wake(m);
	if (m->fields & NS_FIELD(NS_TLV_WAKE_DROPPED))
		printf("\noverflow     wake queue %u, ring %u", m->wake_dropped,
		       m->ring_full);
	printf("\ncounters    ");
	for (i = 0; stats && i < stats->stats_count; i++) {
		if (!stats->stats[i].packets)
			continue;
		printf(" %s %llu", ns_reason_name[i],
		       (unsigned long long)stats->stats[i].packets);
		shown++;
	}
	printf("%s\n", !stats ? " unavailable" : shown ? "" : " none");
}

static void ns_status_json(const struct ns_msg *m, const struct ns_msg *stats)
{
	const struct ns_net_status *s = &m->status;
	struct ns_addr gw;
	char text[64];
	int i, shown = 0;

	ns_status_gateway(s, 4, &gw);
	ns_json_key("{", "interface");
	ns_json_str(m->fields & NS_FIELD(NS_TLV_IFNAME) ? m->ifname : "");
	printf(",\"connected\":%s", m->connected ? "true" : "false");
	if (m->fields & NS_FIELD(NS_TLV_PEER_STATE)) {
		printf(",\"coprocessor\":{\"state\":");
		ns_json_str(ns_peer_state_name[m->peer_state]);
		printf(",\"up\":%s", m->peer_state == NS_PEER_UP ? "true" : "false");
		if (m->fields & NS_FIELD(NS_TLV_PEER_SILENT_MS))
			printf(",\"silent_ms\":%u", m->peer_silent_ms);
		putchar('}');
	}
	if (m->fields & NS_FIELD(NS_TLV_WIFI_STATE))
		ns_json_wifi(m);
	printf(",\"link\":%s,\"mac\":", s->link_up ? "true" : "false");
	ns_mac_text(s->mac, text, sizeof(text));
	ns_json_str(text);
	printf(",\"address\":");
	if (m->fields & NS_FIELD(NS_TLV_IPV4))
		ns_json_str(ns_addr_format(&s->ipv4, true, text, sizeof(text)));
	else
		printf("null");
	printf(",\"gateway\":");
	ns_json_str(ns_addr_format(&gw, false, text, sizeof(text)));
	printf(",\"gateway6\":");
	if (ns_status_gateway6(m, &gw))
		ns_json_str(ns_addr_format(&gw, false, text, sizeof(text)));
	else
		printf("null");
	printf(",\"dns\":[");
	ns_print_addrs(s->dns, s->dns_count, false, true);
	printf("],\"ipv6\":[");
	ns_print_addrs(s->ipv6, s->ipv6_count, true, true);
	printf("],\"host_state\":");
	ns_json_str(ns_host_state_name[m->host_state]);
	printf(",\"rules\":{\"version\":%u,\"digest\":", m->rules_version);
	snprintf(text, sizeof(text), "%08x", m->rules_digest);
	ns_json_str(text);
	if (m->fields & NS_FIELD(NS_TLV_PEER_VERSION)) {
		printf(",\"peer_version\":%u,\"peer_digest\":", m->peer_version);
		snprintf(text, sizeof(text), "%08x", m->peer_digest);
		ns_json_str(text);
		printf(",\"agree\":%s",
		       ns_msg_tables_agree(m) ? "true" : "false");
	}
	printf("},\"xdp_mode\":");
	ns_json_str(ns_xdp_mode_name[m->xdp_mode]);
	printf(",\"wakes\":%u", m->wake_count);
	if (m->fields & NS_FIELD(NS_TLV_WAKE_LIMITED))
		printf(",\"wake_limited\":%u", m->wake_limited);
	if (m->fields & NS_FIELD(NS_TLV_WAKE_DROPPED))
		printf(",\"wake_dropped\":%u,\"ring_full\":%u", m->wake_dropped,
		       m->ring_full);
	if (m->fields & NS_FIELD(NS_TLV_SUB_STATE)) {
		printf(",\"subscription\":{\"state\":");
		ns_json_str(ns_sub_state_name[m->sub_state]);
		printf(",\"error\":");
		ns_json_str(m->sub_error);
		putchar('}');
	}
	if (m->fields & NS_FIELD(NS_TLV_WAKE)) {
		printf(",\"last_wake\":{\"reason\":");
		ns_json_str(ns_reason_name[m->wake_reason]);
		if (m->wake_reason == NS_REASON_MQTT_WAKE)
			printf(",\"rule\":%u", m->wake_rule);
		putchar('}');
	}
	printf(",\"counters\":{");
	for (i = 0; stats && i < stats->stats_count; i++) {
		ns_json_key(shown++ ? "," : "", ns_reason_name[i]);
		ns_json_counter(&stats->stats[i]);
	}
	printf("}}\n");
}

int ns_cmd_status(struct ns_cli *cli, int argc, char **argv)
{
	static struct ns_session s;
	static struct ns_msg status;
	enum ns_format format = NS_TEXT;
	const char *socket = NULL;
	int ret;

	(void)cli;
	if (ns_wants_help(argc, argv)) {
		fputs(ns_status_usage, stdout);
		return NS_EXIT_OK;
	}
	ret = ns_state_options("status", argc, argv, &socket, &format, NS_JSON);
	if (ret)
		return ret;
	socket = ns_endpoint(socket);
	ret = ns_session_open(&s, socket);
	if (ret)
		return ret;
	ns_conn_request(&s.conn, &s.req, NS_MSG_GET_STATUS);
	ret = ns_session_call(&s, NS_MSG_GET_STATUS);
	if (ret) {
		ns_conn_close(&s.conn);
		return ns_fail("no status from %s: %s", socket,
			       ns_session_refusal(&s, ret));
	}
	status = s.reply;
	ns_conn_request(&s.conn, &s.req, NS_MSG_GET_STATS);
	ret = ns_session_call(&s, NS_MSG_GET_STATS);
	if (format == NS_JSON)
		ns_status_json(&status, ret ? NULL : &s.reply);
	else
		ns_status_text(&status, ret ? NULL : &s.reply);
	ns_conn_close(&s.conn);
	return NS_EXIT_OK;
}

int ns_cmd_host_state(struct ns_cli *cli, int argc, char **argv)
{
	static struct ns_session s;
	enum ns_format format = NS_TEXT;
	const char *socket = NULL;
	bool sleeping = !strcmp(argv[0], "sleep");
	int ret;

	(void)cli;
	if (ns_wants_help(argc, argv)) {
		fputs(ns_state_usage, stdout);
		return NS_EXIT_OK;
	}
	ret = ns_state_options(argv[0], argc, argv, &socket, &format, 0);
	if (ret)
		return ret;
	socket = ns_endpoint(socket);
	ret = ns_session_open(&s, socket);
	if (ret)
		return ret;
	ns_conn_request(&s.conn, &s.req, NS_MSG_SET_HOST_STATE);
	s.req.host_state = sleeping ? NS_HOST_SLEEPING : NS_HOST_AWAKE;
	s.req.fields = NS_FIELD(NS_TLV_HOST_STATE);
	ret = ns_session_call(&s, NS_MSG_SET_HOST_STATE);
	ns_conn_close(&s.conn);
	if (ret)
		return ns_fail("%s refused the host state: %s", socket,
			       ns_session_refusal(&s, ret));
	printf("host %s\n", ns_host_state_name[s.reply.host_state]);
	return NS_EXIT_OK;
}

/* The daemon's counters, and from its status the host, table and wakes. */
static int ns_metrics_from_socket(const char *socket, struct ns_metrics *m)
{
	static struct ns_session s;
	int ret, i;

	ret = ns_session_open(&s, socket);
	if (ret)
		return ret;
	ns_conn_request(&s.conn, &s.req, NS_MSG_GET_STATUS);
	ret = ns_session_call(&s, NS_MSG_GET_STATUS);
	if (!ret) {
		m->host_state = s.reply.host_state;
		m->rules_version = s.reply.rules_version;
		m->have_peer = s.reply.fields & NS_FIELD(NS_TLV_PEER_VERSION);
		m->peer_version = s.reply.peer_version;
		m->agree = ns_msg_tables_agree(&s.reply);
		m->have_wakes = true;
		m->wakes = s.reply.wake_count;
		m->have_wake_limited = s.reply.fields &
				       NS_FIELD(NS_TLV_WAKE_LIMITED);
		m->wake_limited = s.reply.wake_limited;
		m->have_overflow = s.reply.fields &
				   NS_FIELD(NS_TLV_WAKE_DROPPED);
		m->wake_dropped = s.reply.wake_dropped;
		m->ring_full = s.reply.ring_full;
		m->have_coprocessor = s.reply.fields &
				      NS_FIELD(NS_TLV_PEER_STATE);
		m->coprocessor_up = s.reply.peer_state == NS_PEER_UP;
		m->have_wifi = s.reply.fields & NS_FIELD(NS_TLV_WIFI_STATE);
		m->wifi = s.reply.wifi;
		ns_conn_request(&s.conn, &s.req, NS_MSG_GET_STATS);
		ret = ns_session_call(&s, NS_MSG_GET_STATS);
	}
	ns_conn_close(&s.conn);
	if (ret)
		return ns_fail("no counters from %s: %s", socket,
			       ns_session_refusal(&s, ret));
	for (i = 0; i < s.reply.stats_count && i < NS_REASON_COUNT; i++)
		m->stats[i] = s.reply.stats[i];
	return NS_EXIT_OK;
}

int ns_cmd_stats(struct ns_cli *cli, int argc, char **argv)
{
	static struct ns_metrics m;
	enum ns_format format = NS_TEXT;
	const char *socket = NULL;
	int ret, i;

	if (ns_wants_help(argc, argv)) {
		fputs(ns_stats_usage, stdout);
		return NS_EXIT_OK;
	}
	ret = ns_state_options("stats", argc, argv, &socket, &format,
			       NS_JSON | NS_PROMETHEUS);
	if (!ret)
		ret = socket ? ns_metrics_from_socket(socket, &m) :
			       ns_metrics_from_maps(cli, &m);
	if (ret)
		return ret;
	if (format == NS_PROMETHEUS) {
		ns_metrics_print(&m);
		return NS_EXIT_OK;
	}
	if (format == NS_TEXT)
		printf("%-18s %12s %14s\n", "reason", "packets", "bytes");
	for (i = 0; i < NS_REASON_COUNT; i++) {
		if (format == NS_JSON) {
			ns_json_key(i ? "," : "{", ns_reason_name[i]);
			ns_json_counter(&m.stats[i]);
		} else {
			printf("%-18s %12llu %14llu\n", ns_reason_name[i],
			       (unsigned long long)m.stats[i].packets,
			       (unsigned long long)m.stats[i].bytes);
		}
	}
	if (format == NS_JSON)
		printf("}\n");
	return NS_EXIT_OK;
}
