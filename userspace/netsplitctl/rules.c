// SPDX-License-Identifier: GPL-2.0-only
/* netsplitctl rules show|load and netsplitctl stats. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "prog_attach.h"
#include "cli.h"
#include "metrics.h"
#include "config.h"
#include "datapath.h"
#include "wakesub.h"

static const char ns_rules_usage[] =
	"usage: netsplitctl rules show [--json]\n"
	"       netsplitctl rules load FILE\n"
	"\n"
	"show prints the pinned rule table (in config file syntax, or as JSON).\n"
	"load validates FILE and replaces the table whole (the shared addresses\n"
	"and the host state are kept), bumping its version; the next frame obeys.\n";

/* Opens the pinned maps; *found (PATH_MAX bytes) says where they are. */
static int ns_open_maps(const struct ns_cli *cli, struct ns_maps *maps,
			char *found)
{
	int ret = ns_maps_open_pinned(maps, cli->pin_root, found, PATH_MAX);

	if (ret == -ENOENT)
		return ns_fail("no netsplit maps pinned in %s, nor where ip link set ... xdp obj puts them; attach first (netsplitctl attach ...) or give --pin-root",
			       cli->pin_root);
	if (ret == -EPERM || ret == -EACCES)
		return ns_fail("cannot open the maps in %s: %s; the pinned maps are root's (sudo), and a member of group netsplit asks the daemon instead: netsplitctl stats --socket unix:/run/netsplit/netsplitd.sock",
			       cli->pin_root, strerror(-ret));
	if (ret)
		return ns_fail("cannot open the maps in %s: %s", cli->pin_root,
			       strerror(-ret));
	return NS_EXIT_OK;
}

static bool ns_json_flag(const char *cmd, int argc, char **argv, int from,
			 int *ret)
{
	bool json = false;
	int i;

	*ret = NS_EXIT_OK;
	for (i = from; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else
			*ret = ns_usage_error(cmd, "unexpected argument '%s'",
					      argv[i]);
	}
	return json;
}

static void ns_json_list(const struct ns_port_list *l)
{
	__u32 i;

	putchar('[');
	for (i = 0; i < l->count && i < NS_PORT_LIST_MAX; i++)
		printf("%s%u", i ? "," : "", l->port[i]);
	putchar(']');
}

static void ns_sub_json(const struct ns_wake_sub *sub)
{
	char host[INET6_ADDRSTRLEN];

	if (!sub->broker_port) {
		printf("null");
		return;
	}
	ns_wake_sub_host(sub, host, sizeof(host));
	ns_json_key("{", "broker");
	ns_json_str(host);
	printf(",\"port\":%u,\"topic\":", sub->broker_port);
	ns_json_string(sub->topic, sub->topic_len);
	printf(",\"prefix\":");
	ns_json_string(sub->prefix, sub->prefix_len);
	printf(",\"keepalive\":%u,\"client_id\":", sub->keepalive);
	ns_json_string(sub->client_id, sub->client_id_len);
	printf(",\"username\":");
	ns_json_string(sub->username, sub->username_len);
	printf(",\"password_file\":");
	ns_json_string(sub->password_file, sub->password_file_len);
	putchar('}');
}

static void ns_print_addresses(const struct ns_table *t, bool json)
{
	char buf[INET6_ADDRSTRLEN];
	__u32 i;

	inet_ntop(AF_INET, t->ipv4, buf, sizeof(buf));
	if (json) {
		ns_json_key("", "ipv4");
		ns_json_str(buf);
		printf(",\"ipv6\":[");
	} else {
		printf("# ipv4 %s\n# ipv6", buf);
	}
	for (i = 0; i < t->ipv6_count && i < NS_IPV6_MAX; i++) {
		inet_ntop(AF_INET6, t->ipv6[i], buf, sizeof(buf));
		if (json) {
			fputs(i ? "," : "", stdout);
			ns_json_str(buf);
		} else {
			printf(" %s", buf);
		}
	}
	printf(json ? "]," : "\n");
}

static void ns_rules_json(const struct ns_rules *r)
{
	const struct ns_table *t = &r->table;
	__u32 i;

	printf("{\"version\":%u,\"host_state\":", t->version);
	ns_json_str(ns_host_state_name[t->host_state % NS_HOST_STATE_COUNT]);
	putchar(',');
	ns_print_addresses(t, true);
	printf("\"ports\":{");
	for (i = 0; i < NS_RANGE_COUNT; i++) {
		ns_json_key(i ? "," : "", ns_range_key[i]);
		printf("[%u,%u]", r->range[i].lo, r->range[i].hi);
	}
	for (i = 0; i < NS_LIST_WAKE_SYN; i++) {
		ns_json_key(",", ns_list_key[i]);
		ns_json_list(&r->list[i]);
	}
	printf("},\"policy\":{\"default\":");
	ns_json_str(ns_dest_name[t->default_dest % NS_DEST_COUNT]);
	printf(",\"dhcp\":");
	ns_json_str(ns_dest_name[t->dhcp_owner % NS_DEST_COUNT]);
	printf(",\"broadcast\":");
	ns_json_str(ns_dest_name[t->broadcast % NS_DEST_COUNT]);
	printf(",\"port_collision\":");
	ns_json_str(t->flags & NS_TABLE_F_DROP_COLLISIONS ? "drop" : "count");
	printf("},\"wake\":{\"mqtt\":[");
	for (i = 0; i < t->wake_count && i < NS_WAKE_MAX; i++) {
		printf("%s{\"broker_port\":%u,\"topic\":", i ? "," : "",
		       r->wake[i].broker_port);
		ns_json_string(r->wake[i].topic, r->wake[i].topic_len);
		printf(",\"prefix\":");
		ns_json_string(r->wake[i].prefix, r->wake[i].prefix_len);
		putchar('}');
	}
	printf("],\"syn_ports\":");
	ns_json_list(&r->list[NS_LIST_WAKE_SYN]);
	printf(",\"subscribe\":");
	ns_sub_json(&r->sub);
	printf("}}\n");
}

static int ns_rules_show(const struct ns_cli *cli, bool json)
{
	char found[PATH_MAX];
	struct ns_maps maps;
	struct ns_rules rules;
	int ret = ns_open_maps(cli, &maps, found);

	if (ret)
		return ret;
	ret = ns_maps_read_rules(&maps, &rules);
	ns_maps_close(&maps);
	if (ret)
		return ns_fail("cannot read the rule table: %s", strerror(-ret));
	if (json) {
		ns_rules_json(&rules);
		return NS_EXIT_OK;
	}
	printf("# version %u, host %s\n", rules.table.version,
	       ns_host_state_name[rules.table.host_state % NS_HOST_STATE_COUNT]);
	ns_print_addresses(&rules.table, false);
	ns_config_print(stdout, &rules);
	return NS_EXIT_OK;
}

static int ns_rules_load(const struct ns_cli *cli, const char *file)
{
	char found[PATH_MAX];
	struct ns_maps maps;
	__u32 version;
	int ret, lock;

	ret = ns_open_maps(cli, &maps, found);
	if (ret)
		return ret;
	/* The lock of the directory that holds the maps being written. */
	lock = ns_lock_root(found);
	if (lock < 0) {
		ns_maps_close(&maps);
		return ns_fail("cannot lock %s: %s", found, strerror(-lock));
	}
	ret = ns_rules_install(&maps, file, &version);
	close(lock);
	ns_maps_close(&maps);
	if (!ret)
		printf("rule table version %u loaded from %s\n", version, file);
	return ret;
}

int ns_cmd_rules(struct ns_cli *cli, int argc, char **argv)
{
	bool json;
	int ret;

	if (ns_wants_help(argc, argv)) {
		fputs(ns_rules_usage, stdout);
		return NS_EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "show")) {
		json = ns_json_flag("rules", argc, argv, 2, &ret);
		return ret ? ret : ns_rules_show(cli, json);
	}
	if (argc == 3 && !strcmp(argv[1], "load"))
		return ns_rules_load(cli, argv[2]);
	return ns_usage_error("rules", "expected 'show [--json]' or 'load FILE'");
}

int ns_metrics_from_maps(struct ns_cli *cli, struct ns_metrics *m)
{
	char found[PATH_MAX];
	struct ns_rules rules;
	struct ns_maps maps;
	int ret;

	ret = ns_open_maps(cli, &maps, found);
	if (ret)
		return ret;
	ret = ns_maps_read_stats(&maps, m->stats);
	if (!ret)
		ret = ns_maps_read_rules(&maps, &rules);
	ns_maps_close(&maps);
	if (ret)
		return ns_fail("cannot read the counters and table in %s: %s",
			       found, strerror(-ret));
	m->host_state = rules.table.host_state % NS_HOST_STATE_COUNT;
	m->rules_version = rules.table.version;
	return NS_EXIT_OK;
}
