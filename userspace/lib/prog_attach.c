// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "prog_attach.h"
#include "log.h"
#include "netsplit.skel.h"
#include "rtnl.h"

/* Our TC filters: handle and priority "NS", so we only remove our own. */
#define NS_TC_HANDLE 0x4e53
#define NS_TC_PRIORITY 0x4e53

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

static const char *ns_ifname(unsigned int ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "ifindex %u", ifindex);
	return buf;
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

enum ns_xdp_mode ns_xdp_mode_of(unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, query);

	if (bpf_xdp_query((int)ifindex, 0, &query) || !query.prog_id)
		return NS_XDP_NONE;
	switch (query.attach_mode) {
	case XDP_ATTACHED_DRV:
		return NS_XDP_NATIVE;
	case XDP_ATTACHED_SKB:
		return NS_XDP_GENERIC;
	}
	return NS_XDP_NONE;
}

/* Removes our XDP program from ifindex; someone else's stays. */
static int ns_xdp_detach(unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	char name[IF_NAMESIZE];
	__u32 flags;
	int ret;

	if (bpf_xdp_query((int)ifindex, 0, &query)) {
		ret = -errno;
		ns_log(LOG_ERR, "cannot query XDP on %s: %s",
		       ns_ifname(ifindex, name), strerror(-ret));
		return ret;
	}
	if (!query.prog_id)
		return 0;
	if (!ns_is_our_prog(query.prog_id)) {
		ns_log(LOG_ERR,
		       "%s runs XDP program id %u, which is not netsplit's; left alone",
		       ns_ifname(ifindex, name), query.prog_id);
		return -EBUSY;
	}
	flags = query.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE :
							XDP_FLAGS_DRV_MODE;
	if (bpf_xdp_detach((int)ifindex, flags, NULL)) {
		ret = -errno;
		ns_log(LOG_ERR, "cannot detach XDP from %s: %s",
		       ns_ifname(ifindex, name), strerror(-ret));
		return ret;
	}
	return 0;
}

/* The same program (name and instructions) already there, in that mode. */
static bool ns_xdp_same(unsigned int ifindex, struct bpf_program *prog,
			bool generic)
{
	struct bpf_prog_info have = { 0 }, want = { 0 };
	__u32 len = sizeof(have);
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	bool same;
	int fd;

	if (bpf_xdp_query((int)ifindex, 0, &query) || !query.prog_id ||
	    query.attach_mode != (generic ? XDP_ATTACHED_SKB : XDP_ATTACHED_DRV))
		return false;
	fd = bpf_prog_get_fd_by_id(query.prog_id);
	if (fd < 0)
		return false;
	same = !bpf_obj_get_info_by_fd(fd, &have, &len);
	close(fd);
	len = sizeof(want);
	return same &&
	       !bpf_obj_get_info_by_fd(bpf_program__fd(prog), &want, &len) &&
	       !strcmp(have.name, want.name) &&
	       !memcmp(have.tag, want.tag, sizeof(have.tag));
}

static int ns_xdp_attach(unsigned int ifindex, struct bpf_program *prog,
			 bool generic)
{
	__u32 flags = generic ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	char name[IF_NAMESIZE];
	int ret;

	/* Attaching again must not flap the link: keep what is there. */
	if (ns_xdp_same(ifindex, prog, generic)) {
		ns_log(LOG_INFO, "%s: %s already attached in %s mode",
		       ns_ifname(ifindex, name), bpf_program__name(prog),
		       ns_xdp_mode_name[ns_xdp_mode_of(ifindex)]);
		return 0;
	}
	ret = ns_xdp_detach(ifindex);
	if (ret)
		return ret;
	ns_ifname(ifindex, name);
	if (bpf_xdp_attach((int)ifindex, bpf_program__fd(prog),
			   flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL)) {
		ret = -errno;
		if (!generic && (ret == -EOPNOTSUPP || ret == -EINVAL))
			ns_log(LOG_ERR,
			       "%s does not take native XDP (%s); use generic mode",
			       name, strerror(-ret));
		else
			ns_log(LOG_ERR, "cannot attach %s to %s: %s",
			       bpf_program__name(prog), name, strerror(-ret));
		return ret;
	}
	ns_log(LOG_INFO, "%s: %s attached in %s mode", name,
	       bpf_program__name(prog),
	       ns_xdp_mode_name[ns_xdp_mode_of(ifindex)]);
	return 0;
}

static int ns_tc_attach(unsigned int ifindex, enum bpf_tc_attach_point point,
			struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)ifindex,
		    .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = NS_TC_HANDLE,
		    .priority = NS_TC_PRIORITY, .flags = BPF_TC_F_REPLACE,
		    .prog_fd = bpf_program__fd(prog));
	char name[IF_NAMESIZE];
	int ret;

	ns_ifname(ifindex, name);
	ret = bpf_tc_hook_create(&hook);
	if (ret && ret != -EEXIST) {
		ns_log(LOG_ERR, "cannot add a clsact qdisc to %s: %s", name,
		       strerror(-ret));
		return ret;
	}
	ret = bpf_tc_attach(&hook, &opts);
	if (ret) {
		ns_log(LOG_ERR, "cannot attach %s to %s: %s",
		       bpf_program__name(prog), name, strerror(-ret));
		return ret;
	}
	ns_log(LOG_INFO, "%s: %s attached to TC %s", name,
	       bpf_program__name(prog),
	       point == BPF_TC_INGRESS ? "ingress" : "egress");
	return 0;
}

/*
 * The clsact qdisc goes when no filter is left on it: attach adds it when
 * it is missing, and one left behind makes the next `tc qdisc add ...
 * clsact` fail ("Exclusivity flag on"). One with another's filters stays.
 */
static int ns_tc_clsact_put(unsigned int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	unsigned int ingress = 0, egress = 0;
	char name[IF_NAMESIZE];
	struct ns_rtnl r;
	int ret;

	ret = ns_rtnl_open(&r, 0);
	if (ret)
		return ret;
	ret = ns_rtnl_tc_filters(&r, ifindex,
				 TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS),
				 &ingress);
	if (!ret)
		ret = ns_rtnl_tc_filters(&r, ifindex,
					 TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS),
					 &egress);
	ns_rtnl_close(&r);
	/* No clsact at all: nothing to remove. */
	if (ret == -EINVAL || ret == -ENOENT)
		return 0;
	if (ret || ingress || egress)
		return ret;
	ret = bpf_tc_hook_destroy(&hook);
	if (ret && ret != -ENOENT) {
		ns_log(LOG_ERR, "cannot remove the clsact qdisc of %s: %s",
		       ns_ifname(ifindex, name), strerror(-ret));
		return ret;
	}
	return 0;
}

static int ns_tc_detach(unsigned int ifindex, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)ifindex,
		    .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = NS_TC_HANDLE,
		    .priority = NS_TC_PRIORITY);
	char name[IF_NAMESIZE];
	int ret = bpf_tc_detach(&hook, &opts);

	if (ret && ret != -ENOENT && ret != -EINVAL) {
		ns_log(LOG_ERR, "cannot detach TC from %s: %s",
		       ns_ifname(ifindex, name), strerror(-ret));
		return ret;
	}
	return ns_tc_clsact_put(ifindex);
}

int ns_attach_splitter(const struct ns_datapath *dp, unsigned int uplink,
		       unsigned int host_link, bool generic)
{
	int ret;

	ret = ns_maps_set_links(&dp->maps, uplink, host_link,
				NS_LINKS_F_SOCKETS);
	if (ret) {
		ns_log(LOG_ERR, "cannot put the links in the maps: %s",
		       strerror(-ret));
		return ret;
	}
	ret = ns_xdp_attach(uplink, dp->skel->progs.ns_splitter, generic);
	if (!ret)
		ret = ns_xdp_attach(host_link, dp->skel->progs.ns_forwarder,
				    generic);
	if (!ret)
		ret = ns_tc_attach(uplink, BPF_TC_INGRESS,
				   dp->skel->progs.ns_tc_both);
	return ret;
}

int ns_detach_splitter(unsigned int uplink, unsigned int host_link)
{
	int ret;

	ns_libbpf_quiet();
	ret = ns_xdp_detach(uplink);
	if (!ret)
		ret = ns_xdp_detach(host_link);
	if (!ret)
		ret = ns_tc_detach(uplink, BPF_TC_INGRESS);
	return ret;
}

int ns_attach_guard(const struct ns_datapath *dp, unsigned int ifindex,
		    bool generic)
{
	int ret;

	ret = ns_xdp_attach(ifindex, dp->skel->progs.ns_guard, generic);
	if (!ret)
		ret = ns_tc_attach(ifindex, BPF_TC_EGRESS,
				   dp->skel->progs.ns_tc_guard);
	return ret;
}

int ns_detach_guard(unsigned int ifindex)
{
	int ret;

	ns_libbpf_quiet();
	ret = ns_xdp_detach(ifindex);
	if (!ret)
		ret = ns_tc_detach(ifindex, BPF_TC_EGRESS);
	return ret;
}
