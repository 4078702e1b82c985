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

#include "cli.h"
#include "config.h"
#include "datapath.h"
#include "netsplit.skel.h"

/* Our TC filters: handle and priority "NS", so we only remove our own. */
#define NS_TC_HANDLE 0x4e53
#define NS_TC_PRIORITY 0x4e53

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
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
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
			return ns_usage_error(cmd, "unknown option");
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

int ns_lock_root(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		close(fd);
		return -errno;
	}
	return fd;
}

static bool ns_is_our_prog(__u32 id)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(id);
	bool ours;

	if (fd < 0)
		return false;
	ours = !bpf_obj_get_info_by_fd(fd, &info, &len) &&
	       !strncmp(info.name, "ns_", 3);
	close(fd);
	return ours;
}

static const char *ns_xdp_mode_name(__u8 mode)
{
	switch (mode) {
	case XDP_ATTACHED_DRV:
		return "native";
	case XDP_ATTACHED_SKB:
		return "generic";
	case XDP_ATTACHED_HW:
		return "offload";
	}
	return "none";
}

/* Removes our XDP program from ifindex; someone else's stays. */
static int ns_xdp_detach(unsigned int ifindex, const char *ifname)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	__u32 flags;

	if (bpf_xdp_query((int)ifindex, 0, &query))
		return ns_fail("cannot query XDP on %s: %s", ifname,
			       strerror(errno));
	if (!query.prog_id)
		return NS_EXIT_OK;
	if (!ns_is_our_prog(query.prog_id))
		return ns_fail("%s runs XDP program id %u, which is not netsplit's; left alone",
			       ifname, query.prog_id);
	flags = query.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE :
							XDP_FLAGS_DRV_MODE;
	if (bpf_xdp_detach((int)ifindex, flags, NULL))
		return ns_fail("cannot detach XDP from %s: %s", ifname,
			       strerror(errno));
	return NS_EXIT_OK;
}

static int ns_xdp_attach(unsigned int ifindex, const char *ifname,
			 struct bpf_program *prog, bool generic)
{
	__u32 flags = generic ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	int ret;

	ret = ns_xdp_detach(ifindex, ifname);
	if (ret)
		return ret;
	if (bpf_xdp_attach((int)ifindex, bpf_program__fd(prog),
			   flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL)) {
		ret = errno;
		if (!generic && (ret == EOPNOTSUPP || ret == EINVAL))
			return ns_fail("%s does not take native XDP (%s); use --generic",
				       ifname, strerror(ret));
		return ns_fail("cannot attach %s to %s: %s",
			       bpf_program__name(prog), ifname, strerror(ret));
	}
	if (bpf_xdp_query((int)ifindex, 0, &query))
		return ns_fail("cannot query XDP on %s: %s", ifname,
			       strerror(errno));
	printf("%s: %s attached in %s mode\n", ifname, bpf_program__name(prog),
	       ns_xdp_mode_name(query.attach_mode));
	return NS_EXIT_OK;
}

static int ns_tc_attach(unsigned int ifindex, const char *ifname,
			enum bpf_tc_attach_point point,
			struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)ifindex,
		    .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = NS_TC_HANDLE,
		    .priority = NS_TC_PRIORITY, .flags = BPF_TC_F_REPLACE,
		    .prog_fd = bpf_program__fd(prog));
	int ret;

	ret = bpf_tc_hook_create(&hook);
	if (ret && ret != -EEXIST)
		return ns_fail("cannot add a clsact qdisc to %s: %s", ifname,
			       strerror(-ret));
	ret = bpf_tc_attach(&hook, &opts);
	if (ret)
		return ns_fail("cannot attach %s to %s: %s",
			       bpf_program__name(prog), ifname, strerror(-ret));
	printf("%s: %s attached to TC %s\n", ifname, bpf_program__name(prog),
	       point == BPF_TC_INGRESS ? "ingress" : "egress");
	return NS_EXIT_OK;
}

static int ns_tc_detach(unsigned int ifindex, const char *ifname,
			enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)ifindex,
		    .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = NS_TC_HANDLE,
		    .priority = NS_TC_PRIORITY);
	int ret = bpf_tc_detach(&hook, &opts);

	if (ret && ret != -ENOENT && ret != -EINVAL)
		return ns_fail("cannot detach TC from %s: %s", ifname,
			       strerror(-ret));
	return NS_EXIT_OK;
}

/* Loads a config into the pinned table, keeping what was learned. */
int ns_rules_install(const struct ns_maps *maps, const char *config,
		     __u32 *version)
{
	struct ns_rules current, rules;
	char err[512];
	int ret;

	ret = ns_config_load(config, &rules, err, sizeof(err));
	if (ret)
		return ns_fail("%s", err);
	ns_config_warn(stderr, config, &rules);
	ret = ns_maps_read_rules(maps, &current);
	if (ret)
		return ns_fail("cannot read the rule table: %s", strerror(-ret));
	rules.table.host_state = current.table.host_state;
	rules.table.ipv4_prefix = current.table.ipv4_prefix;
	rules.table.ipv6_count = current.table.ipv6_count;
	memcpy(rules.table.mac, current.table.mac, sizeof(rules.table.mac));
	memcpy(rules.table.ipv4, current.table.ipv4, sizeof(rules.table.ipv4));
	memcpy(rules.table.ipv6, current.table.ipv6, sizeof(rules.table.ipv6));
	rules.table.version = current.table.version + 1;
	ret = ns_maps_write_rules(maps, &rules);
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
	if (o.guard) {
		ret = ns_xdp_attach(o.guard_index, o.guard,
				    dp.skel->progs.ns_guard, o.generic);
		if (!ret)
			ret = ns_tc_attach(o.guard_index, o.guard,
					   BPF_TC_EGRESS,
					   dp.skel->progs.ns_tc_guard);
		goto out;
	}
	ret = ns_maps_set_links(&dp.maps, o.uplink_index, o.host_index);
	if (ret) {
		ret = ns_fail("cannot set the links %s and %s: %s", o.uplink,
			      o.host_link, strerror(-ret));
		goto out;
	}
	ret = ns_xdp_attach(o.uplink_index, o.uplink,
			    dp.skel->progs.ns_splitter, o.generic);
	if (!ret)
		ret = ns_xdp_attach(o.host_index, o.host_link,
				    dp.skel->progs.ns_forwarder, o.generic);
	if (!ret)
		ret = ns_tc_attach(o.uplink_index, o.uplink, BPF_TC_INGRESS,
				   dp.skel->progs.ns_tc_both);
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
	if (o.guard) {
		ret = ns_xdp_detach(o.guard_index, o.guard);
		if (!ret)
			ret = ns_tc_detach(o.guard_index, o.guard,
					   BPF_TC_EGRESS);
	} else {
		ret = ns_xdp_detach(o.uplink_index, o.uplink);
		if (!ret)
			ret = ns_xdp_detach(o.host_index, o.host_link);
		if (!ret)
			ret = ns_tc_detach(o.uplink_index, o.uplink,
					   BPF_TC_INGRESS);
	}
	if (!ret)
		printf("detached\n");
	return ret;
}
