// SPDX-License-Identifier: GPL-2.0-only
/* netsplitctl attach / detach: the splitter and the guard on interfaces. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <linux/if_link.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "prog_attach.h"
#include "cli.h"
#include "config.h"
#include "datapath.h"

static const char ns_attach_usage[] =
	"usage: netsplitctl attach --uplink IF --host-link IF [--config FILE] [--generic]\n"
	"       netsplitctl attach --guard IF [--config FILE] [--generic]\n"
	"\n"
	"The first form attaches the splitter (XDP on the uplink, TC ingress for\n"
	"frames that go to both stacks) and the forwarder (XDP on the host link,\n"
	"back out of the uplink). The second attaches the guard (XDP and TC egress)\n"
	"on the host's interface. Native XDP unless --generic; the mode in use is\n"
	"printed. --config loads a rule table first (see 'netsplitctl rules load').\n"
	"Maps are pinned under the pin root; attaching again reuses them.\n";

static const char ns_detach_usage[] =
	"usage: netsplitctl detach --uplink IF --host-link IF\n"
	"       netsplitctl detach --guard IF\n"
	"\n"
	"Removes what 'netsplitctl attach' put on these interfaces (and nothing\n"
	"else). The pinned maps stay; remove the pin root to drop them.\n";

struct ns_attach_opts {
	const char *uplink;
	const char *host_link;
	const char *guard;
	const char *config;
	bool generic;
	unsigned int uplink_index, host_index, guard_index;
};

static int ns_attach_parse(const char *cmd, int argc, char **argv,
			   struct ns_attach_opts *o, bool attaching)
{
	static const struct option longopts[] = {
		{ "uplink", required_argument, NULL, 'u' },
		{ "host-link", required_argument, NULL, 'h' },
		{ "guard", required_argument, NULL, 'g' },
		{ "config", required_argument, NULL, 'c' },
		{ "generic", no_argument, NULL, 'G' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	while ((opt = ns_getopt(cmd, argc, argv, longopts)) != -1) {
		switch (opt) {
		case 'u':
			o->uplink = optarg;
			break;
		case 'h':
			o->host_link = optarg;
			break;
		case 'g':
			o->guard = optarg;
			break;
		case 'c':
			if (!attaching)
				return ns_usage_error(cmd, "--config is for attach");
			o->config = optarg;
			break;
		case 'G':
			if (!attaching)
				return ns_usage_error(cmd, "--generic is for attach");
			o->generic = true;
			break;
		default:
			return NS_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return ns_usage_error(cmd, "unexpected argument '%s'",
				      argv[optind]);
	if (!!o->guard == !!(o->uplink || o->host_link) ||
	    (!o->guard && !(o->uplink && o->host_link)))
		return ns_usage_error(cmd,
				      "give --uplink IF --host-link IF, or --guard IF");
	if (o->uplink && !(o->uplink_index = if_nametoindex(o->uplink)))
		return ns_fail("no interface %s", o->uplink);
	if (o->host_link && !(o->host_index = if_nametoindex(o->host_link)))
		return ns_fail("no interface %s", o->host_link);
	if (o->guard && !(o->guard_index = if_nametoindex(o->guard)))
		return ns_fail("no interface %s", o->guard);
	return NS_EXIT_OK;
}

/* Loads a config into the pinned table, keeping what was learned. */
int ns_rules_install(const struct ns_maps *maps, const char *config,
		     __u32 *version)
{
	struct ns_rules rules;
	char err[512];
	int ret;

	ret = ns_config_load(config, &rules, err, sizeof(err));
	if (ret)
		return ns_fail("%s", err);
	ns_config_warn(stderr, config, &rules);
	ret = ns_maps_install_rules(maps, &rules);
	if (ret)
		return ns_fail("cannot write the rule table: %s", strerror(-ret));
	*version = rules.table.version;
	return NS_EXIT_OK;
}

int ns_cmd_attach(struct ns_cli *cli, int argc, char **argv)
{
	struct ns_attach_opts o = { 0 };
	struct ns_datapath dp = { 0 };
	char err[512];
	__u32 version;
	int ret, lock;

	if (ns_wants_help(argc, argv)) {
		fputs(ns_attach_usage, stdout);
		return NS_EXIT_OK;
	}
	ret = ns_attach_parse("attach", argc, argv, &o, true);
	if (ret)
		return ret;
	if (ns_bpffs_prepare(cli->pin_root, err, sizeof(err)))
		return ns_fail("%s", err);
	lock = ns_lock_root(cli->pin_root);
	if (lock < 0)
		return ns_fail("cannot lock %s: %s", cli->pin_root,
			       strerror(-lock));
	if (ns_datapath_load(&dp, cli->pin_root, err, sizeof(err))) {
		ret = ns_fail("%s", err);
		goto out;
	}
	if (o.config) {
		ret = ns_rules_install(&dp.maps, o.config, &version);
		if (ret)
			goto out;
		printf("rule table version %u loaded from %s\n", version,
		       o.config);
	}
	if (o.guard)
		ret = ns_attach_guard(&dp, o.guard_index, o.generic);
	else
		ret = ns_attach_splitter(&dp, o.uplink_index, o.host_index,
					 o.generic);
	ret = ret ? NS_EXIT_FAIL : NS_EXIT_OK;
out:
	if (!ret)
		printf("maps pinned in %s\n", cli->pin_root);
	ns_datapath_close(&dp);
	close(lock);
	return ret;
}

int ns_cmd_detach(struct ns_cli *cli, int argc, char **argv)
{
	struct ns_attach_opts o = { 0 };
	int ret;

	(void)cli;
	if (ns_wants_help(argc, argv)) {
		fputs(ns_detach_usage, stdout);
		return NS_EXIT_OK;
	}
	ret = ns_attach_parse("detach", argc, argv, &o, false);
	if (ret)
		return ret;
	if (o.guard)
		ret = ns_detach_guard(o.guard_index);
	else
		ret = ns_detach_splitter(o.uplink_index, o.host_index);
	if (ret)
		return NS_EXIT_FAIL;
	printf("detached\n");
	return NS_EXIT_OK;
}
