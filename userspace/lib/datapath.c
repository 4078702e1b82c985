// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <netsplit/validate.h>

#include "datapath.h"
#include "log.h"
#include "netsplit.skel.h"
#include "table.h"

static const struct {
	const char *name;
	size_t offset;
} ns_map_fields[] = {
	{ NS_MAP_TABLE, offsetof(struct ns_maps, table) },
	{ NS_MAP_RANGES, offsetof(struct ns_maps, ranges) },
	{ NS_MAP_PORT_LISTS, offsetof(struct ns_maps, port_lists) },
	{ NS_MAP_WAKE, offsetof(struct ns_maps, wake) },
	{ NS_MAP_WAKE_SUB, offsetof(struct ns_maps, wake_sub) },
	{ NS_MAP_SLAVE_PORTS, offsetof(struct ns_maps, slave_ports) },
	{ NS_MAP_STATS, offsetof(struct ns_maps, stats) },
	{ NS_MAP_HOST_LINK, offsetof(struct ns_maps, host_link) },
	{ NS_MAP_UPLINK, offsetof(struct ns_maps, uplink) },
	{ NS_MAP_LINKS, offsetof(struct ns_maps, links) },
	{ NS_MAP_WAKE_EVENTS, offsetof(struct ns_maps, wake_events) },
};

static int *ns_map_field(struct ns_maps *maps, size_t i)
{
	return (int *)((char *)maps + ns_map_fields[i].offset);
}

static void ns_maps_reset(struct ns_maps *maps)
{
	size_t i;

	for (i = 0; i < NS_ARRAY_SIZE(ns_map_fields); i++)
		*ns_map_field(maps, i) = -1;
}

void ns_maps_close(struct ns_maps *maps)
{
	size_t i;

	for (i = 0; i < NS_ARRAY_SIZE(ns_map_fields); i++)
		if (*ns_map_field(maps, i) >= 0)
			close(*ns_map_field(maps, i));
	ns_maps_reset(maps);
}

static int ns_maps_open_root(struct ns_maps *maps, const char *root)
{
	char path[PATH_MAX];
	size_t i;
	int fd, err;

	ns_maps_reset(maps);
	for (i = 0; i < NS_ARRAY_SIZE(ns_map_fields); i++) {
		snprintf(path, sizeof(path), "%s/%s", root,
			 ns_map_fields[i].name);
		fd = bpf_obj_get(path);
		if (fd < 0) {
			err = -errno;
			ns_maps_close(maps);
			return err;
		}
		*ns_map_field(maps, i) = fd;
	}
	return 0;
}

static bool ns_is_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

/*
 * Where `ip link set ... xdp obj` pins maps: the "xdp/globals" directory of
 * /sys/fs/bpf when that is a BPF filesystem, else of the first BPF
 * filesystem mounted (iproute2's own search).
 */
static void ns_iproute2_root(char *root, size_t len)
{
	struct mntent *m;
	FILE *mounts;

	snprintf(root, len, "%s", NS_PIN_ROOT_IPROUTE2);
	if (ns_is_bpffs("/sys/fs/bpf"))
		return;
	mounts = setmntent("/proc/mounts", "r");
	if (!mounts)
		return;
	while ((m = getmntent(mounts))) {
		if (!strcmp(m->mnt_type, "bpf")) {
			snprintf(root, len, "%s/xdp/globals", m->mnt_dir);
			break;
		}
	}
	endmntent(mounts);
}

int ns_maps_read_pinned(const char *pin_root, struct ns_rules *rules)
{
	struct ns_maps maps;
	int ret;

	ret = ns_maps_open_root(&maps, pin_root);
	if (ret)
		return ret;
	ret = ns_maps_read_rules(&maps, rules);
	ns_maps_close(&maps);
	return ret;
}

int ns_maps_open_pinned(struct ns_maps *maps, const char *pin_root,
			char *found_root, size_t found_len)
{
	char iproute2[PATH_MAX];
	const char *roots[] = { pin_root, iproute2 };
	size_t i;
	int err = -ENOENT;

	ns_iproute2_root(iproute2, sizeof(iproute2));

	for (i = 0; i < NS_ARRAY_SIZE(roots); i++) {
		err = ns_maps_open_root(maps, roots[i]);
		if (!err) {
			snprintf(found_root, found_len, "%s", roots[i]);
			return 0;
		}
		if (err != -ENOENT)
			return err;
	}
	return err;
}

static int ns_update(int fd, __u32 key, const void *value)
{
	return bpf_map_update_elem(fd, &key, value, BPF_ANY) ? -errno : 0;
}

/* Deleting what is not there is fine. */
static int ns_delete(int fd, __u32 key)
{
	return bpf_map_delete_elem(fd, &key) && errno != ENOENT ? -errno : 0;
}

static int ns_lookup(int fd, __u32 key, void *value)
{
	return bpf_map_lookup_elem(fd, &key, value) ? -errno : 0;
}

int ns_maps_write_rules(const struct ns_maps *maps,
			const struct ns_rules *rules)
{
	struct ns_problem problem;
	__u32 i;
	int err;

	if (ns_rules_check(rules, &problem))
		return -EINVAL;
	/* The scalar part goes last: its version says the rest is in. */
	for (i = 0; i < NS_RANGE_COUNT; i++) {
		err = ns_update(maps->ranges, i, &rules->range[i]);
		if (err)
			return err;
	}
	err = ns_update(maps->port_lists, 0, rules->list);
	if (err)
		return err;
	for (i = 0; i < NS_WAKE_MAX; i++) {
		err = ns_update(maps->wake, i, &rules->wake[i]);
		if (err)
			return err;
	}
	err = ns_update(maps->wake_sub, 0, &rules->sub);
	if (err)
		return err;
	return ns_update(maps->table, 0, &rules->table);
}

int ns_maps_read_rules(const struct ns_maps *maps, struct ns_rules *rules)
{
	__u32 i;
	int err;

	err = ns_lookup(maps->table, 0, &rules->table);
	for (i = 0; !err && i < NS_RANGE_COUNT; i++)
		err = ns_lookup(maps->ranges, i, &rules->range[i]);
	if (!err)
		err = ns_lookup(maps->port_lists, 0, rules->list);
	for (i = 0; !err && i < NS_WAKE_MAX; i++)
		err = ns_lookup(maps->wake, i, &rules->wake[i]);
	if (!err)
		err = ns_lookup(maps->wake_sub, 0, &rules->sub);
	return err;
}

int ns_maps_install_rules(const struct ns_maps *maps, struct ns_rules *rules)
{
	struct ns_rules current;
	int ret;

	ret = ns_maps_read_rules(maps, &current);
	if (ret)
		return ret;
	ns_rules_take_learned(rules, &current);
	if (rules->table.version <= current.table.version)
		rules->table.version =
			current.table.version +
			(ns_rules_digest(rules) != ns_rules_digest(&current));
	return ns_maps_write_rules(maps, rules);
}

int ns_maps_set_learned(const struct ns_maps *maps,
			const struct ns_rules *learned)
{
	struct ns_rules current;
	int ret;

	ret = ns_lookup(maps->table, 0, &current.table);
	if (ret)
		return ret;
	ns_rules_take_learned(&current, learned);
	return ns_update(maps->table, 0, &current.table);
}

int ns_maps_set_links(const struct ns_maps *maps, unsigned int uplink,
		      unsigned int host_link, __u32 flags)
{
	struct ns_links links = { .uplink_ifindex = uplink,
				  .host_ifindex = host_link,
				  .flags = flags };
	struct bpf_devmap_val host = { .ifindex = host_link };
	struct bpf_devmap_val up = { .ifindex = uplink };
	int err;

	err = host_link ? ns_update(maps->host_link, 0, &host) :
			  ns_delete(maps->host_link, 0);
	if (!err)
		err = uplink ? ns_update(maps->uplink, 0, &up) :
			       ns_delete(maps->uplink, 0);
	if (err)
		return err;
	return ns_update(maps->links, 0, &links);
}

int ns_maps_add_slave_port(const struct ns_maps *maps, __u8 proto,
			   __u16 port)
{
	struct ns_slave_port key = { .proto = proto, .port = port };
	__u8 one = 1;

	return bpf_map_update_elem(maps->slave_ports, &key, &one, BPF_ANY) ?
		       -errno :
		       0;
}

static bool ns_slave_port_in(const struct ns_slave_port *key,
			     const struct ns_slave_port *ports, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (ports[i].proto == key->proto && ports[i].port == key->port)
			return true;
	return false;
}

int ns_maps_sync_slave_ports(const struct ns_maps *maps,
			     const struct ns_slave_port *ports, size_t count)
{
	struct ns_slave_port key, next, stale[NS_SLAVE_PORTS_MAX];
	size_t i, nstale = 0;
	int err;

	/* Collect first: deleting while walking restarts the walk. */
	err = bpf_map_get_next_key(maps->slave_ports, NULL, &next);
	while (!err) {
		key = next;
		if (!ns_slave_port_in(&key, ports, count) &&
		    nstale < NS_SLAVE_PORTS_MAX)
			stale[nstale++] = key;
		err = bpf_map_get_next_key(maps->slave_ports, &key, &next);
	}
	if (errno != ENOENT)
		return -errno;
	for (i = 0; i < nstale; i++)
		if (bpf_map_delete_elem(maps->slave_ports, &stale[i]) &&
		    errno != ENOENT)
			return -errno;
	for (i = 0; i < count; i++) {
		err = ns_maps_add_slave_port(maps, ports[i].proto,
					     ports[i].port);
		if (err)
			return err;
	}
	return 0;
}

int ns_maps_read_stats(const struct ns_maps *maps,
		       struct ns_counter stats[NS_REASON_COUNT])
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	int cpus = libbpf_num_possible_cpus();
	__u32 keys[NS_REASON_COUNT];
	__u32 count = NS_REASON_COUNT, out_batch, reason;
	struct ns_counter *percpu, *c;
	int cpu, err = 0;

	if (cpus < 0)
		return cpus;
	percpu = calloc((size_t)NS_REASON_COUNT * (size_t)cpus,
			sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	/* All reasons, all CPUs, in one system call. */
	if (bpf_map_lookup_batch(maps->stats, NULL, &out_batch, keys, percpu,
				 &count, &opts) &&
	    errno != ENOENT)
		err = -errno;
	else if (count != NS_REASON_COUNT)
		err = -EIO;
	for (reason = 0; !err && reason < NS_REASON_COUNT; reason++) {
		stats[reason].packets = 0;
		stats[reason].bytes = 0;
		for (cpu = 0; cpu < cpus; cpu++) {
			c = &percpu[reason * (__u32)cpus + (__u32)cpu];
			stats[reason].packets += c->packets;
			stats[reason].bytes += c->bytes;
		}
	}
	free(percpu);
	return err;
}

/* Whether the map pinned as fd has the kind and sizes map is built with. */
static bool ns_pinned_map_fits(const struct bpf_map *map, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return false;
	return info.type == bpf_map__type(map) &&
	       info.key_size == bpf_map__key_size(map) &&
	       info.value_size == bpf_map__value_size(map) &&
	       info.max_entries == bpf_map__max_entries(map);
}

/*
 * Maps already pinned under root are reused; the rest get pinned there. On
 * failure errbuf says why.
 */
static int ns_datapath_pin_maps(struct bpf_object *obj, const char *root,
				char *errbuf, size_t err_len)
{
	char path[PATH_MAX];
	struct bpf_map *map;
	int fd, err;

	bpf_object__for_each_map(map, obj) {
		if (!bpf_map__pin_path(map))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root,
			 bpf_map__name(map));
		fd = bpf_obj_get(path);
		if (fd < 0) {
			err = bpf_map__set_pin_path(map, path);
			if (err)
				goto fail;
			continue;
		}
		/*
		 * A map an older netsplit pinned may have another layout:
		 * the programs would then be refused with a verifier log.
		 */
		if (!ns_pinned_map_fits(map, fd)) {
			close(fd);
			snprintf(errbuf, err_len,
				 "%s was pinned by another version of netsplit and has another layout; remove it (rm %s) and try again",
				 path, path);
			return -EEXIST;
		}
		/*
		 * Reused by hand: libbpf 1.1 refuses pinned devmaps, whose
		 * flags the kernel amends (BPF_F_RDONLY_PROG).
		 */
		err = bpf_map__reuse_fd(map, fd);
		close(fd);
		if (!err)
			err = bpf_map__set_pin_path(map, NULL);
		if (err)
			goto fail;
	}
	return 0;
fail:
	snprintf(errbuf, err_len, "cannot use the pinned maps in %s: %s", root,
		 strerror(-err));
	return err;
}

static int ns_datapath_private_maps(struct bpf_object *obj)
{
	struct bpf_map *map;
	int err;

	bpf_object__for_each_map(map, obj) {
		err = bpf_map__set_pin_path(map, NULL);
		if (err)
			return err;
	}
	return 0;
}

static void ns_datapath_fill_maps(struct ns_datapath *dp)
{
	struct bpf_object *obj = dp->skel->obj;
	struct bpf_map *map;
	size_t i;

	ns_maps_reset(&dp->maps);
	for (i = 0; i < NS_ARRAY_SIZE(ns_map_fields); i++) {
		map = bpf_object__find_map_by_name(obj, ns_map_fields[i].name);
		*ns_map_field(&dp->maps, i) = dup(bpf_map__fd(map));
	}
}

/*
 * libbpf speaks (the whole verifier log, say) only when asked to: -vv,
 * and -vvv for its debug messages. Ours say what failed.
 */
static int ns_libbpf_print(enum libbpf_print_level level, const char *fmt,
			   va_list args)
{
	if (ns_log_verbose() < (level == LIBBPF_DEBUG ? 3 : 2))
		return 0;
	return vfprintf(stderr, fmt, args);
}

void ns_libbpf_quiet(void)
{
	libbpf_set_print(ns_libbpf_print);
}

/*
 * Only the programs a side runs get verified: the splitter takes seconds.
 * The XDP programs' sections are iproute2's to pick (NS_SEC_*), not names
 * libbpf knows: their type is said here.
 */
static void ns_datapath_select(struct netsplit_bpf *skel, unsigned int parts)
{
	struct bpf_program *xdp[] = { skel->progs.ns_splitter,
				      skel->progs.ns_forwarder,
				      skel->progs.ns_guard };
	bool splitter = parts & NS_DP_SPLITTER, guard = parts & NS_DP_GUARD;
	size_t i;

	for (i = 0; i < sizeof(xdp) / sizeof(xdp[0]); i++) {
		bpf_program__set_type(xdp[i], BPF_PROG_TYPE_XDP);
		bpf_program__set_expected_attach_type(xdp[i], BPF_XDP);
	}
	bpf_program__set_autoload(skel->progs.ns_splitter, splitter);
	bpf_program__set_autoload(skel->progs.ns_forwarder, splitter);
	bpf_program__set_autoload(skel->progs.ns_tc_both, splitter);
	bpf_program__set_autoload(skel->progs.ns_guard, guard);
	bpf_program__set_autoload(skel->progs.ns_tc_guard, guard);
}

/*
 * Whether the kernel takes an XDP program that adds metadata. Not
 * libbpf_probe_bpf_helper(): it counts "program of this type cannot use
 * helper", which such a kernel says, as support.
 */
static bool ns_xdp_meta_allowed(void)
{
	const struct bpf_insn prog[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2,
		 .imm = -4},
		{.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_xdp_adjust_meta},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0,
		 .imm = XDP_PASS},
		{.code = BPF_JMP | BPF_EXIT},
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, NULL, "GPL", prog,
			       NS_ARRAY_SIZE(prog), NULL);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * How the splitter marks a frame for both stacks (bpf_abi.h): in its
 * metadata, unless this kernel refuses XDP programs that (some do).
 */
static void ns_datapath_both_mark(struct netsplit_bpf *skel)
{
	if (ns_xdp_meta_allowed()) {
		skel->rodata->ns_both_mark = NS_BOTH_MARK_META;
		return;
	}
	ns_log(LOG_DEBUG,
	       "this kernel gives XDP programs no metadata: frames for both stacks are marked by a trailer");
	skel->rodata->ns_both_mark = NS_BOTH_MARK_TRAILER;
}

/* The trailer's cookie, drawn once for the maps (kept when reused). */
static int ns_datapath_both_cookie(struct netsplit_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.ns_both_cookie);
	__u64 cookie = 0;
	__u32 key = 0;

	if (bpf_map_lookup_elem(fd, &key, &cookie))
		return -errno;
	while (!cookie)
		if (getrandom(&cookie, sizeof(cookie), 0) != sizeof(cookie))
			return -errno;
	return bpf_map_update_elem(fd, &key, &cookie, BPF_ANY) ? -errno : 0;
}

int ns_datapath_load(struct ns_datapath *dp, const char *pin_root, char *err,
		     size_t err_len)
{
	return ns_datapath_load_parts(dp, pin_root, NS_DP_ALL, err, err_len);
}

int ns_datapath_load_parts(struct ns_datapath *dp, const char *pin_root,
			   unsigned int parts, char *err, size_t err_len)
{
	struct ns_rules defaults;
	bool fresh = true;
	char path[PATH_MAX];
	int ret;

	ns_maps_reset(&dp->maps);
	ns_libbpf_quiet();
	dp->skel = netsplit_bpf__open();
	if (!dp->skel) {
		ret = -errno;
		snprintf(err, err_len, "cannot open the BPF object: %s",
			 strerror(-ret));
		return ret;
	}
	ns_datapath_select(dp->skel, parts);
	ns_datapath_both_mark(dp->skel);
	if (pin_root) {
		snprintf(path, sizeof(path), "%s/%s", pin_root, NS_MAP_TABLE);
		fresh = access(path, F_OK) != 0;
		ret = ns_datapath_pin_maps(dp->skel->obj, pin_root, err,
					   err_len);
		if (ret)
			goto fail;
	} else {
		ret = ns_datapath_private_maps(dp->skel->obj);
		if (ret) {
			snprintf(err, err_len, "cannot keep the maps private: %s",
				 strerror(-ret));
			goto fail;
		}
	}
	ret = netsplit_bpf__load(dp->skel);
	if (ret) {
		snprintf(err, err_len,
			 "the kernel refused the BPF programs: %s (run with -vv for the verifier's log)",
			 strerror(-ret));
		goto fail;
	}
	ret = ns_datapath_both_cookie(dp->skel);
	if (ret) {
		snprintf(err, err_len, "cannot draw the splitter's cookie: %s",
			 strerror(-ret));
		goto fail;
	}
	ns_datapath_fill_maps(dp);
	/* A new table starts from the defaults, never from zeroes. */
	if (fresh) {
		ns_rules_default(&defaults);
		ret = ns_maps_write_rules(&dp->maps, &defaults);
		if (ret) {
			snprintf(err, err_len, "cannot write the rule table: %s",
				 strerror(-ret));
			goto fail;
		}
	}
	return 0;
fail:
	ns_datapath_close(dp);
	return ret;
}

bool ns_datapath_marked_both(const struct ns_datapath *dp, const __u8 *out,
			     __u32 out_len, __u32 meta_len, __u32 in_len)
{
	__u32 magic, key = 0;
	__u64 cookie;

	switch (dp->skel->rodata->ns_both_mark) {
	case NS_BOTH_MARK_META:
		if (meta_len != sizeof(magic))
			return false;
		memcpy(&magic, out, sizeof(magic));
		return magic == NS_META_MAGIC_BOTH;
	case NS_BOTH_MARK_TRAILER:
		if (meta_len || out_len != in_len + NS_BOTH_TRAILER_LEN ||
		    bpf_map_lookup_elem(bpf_map__fd(dp->skel->maps.ns_both_cookie),
					&key, &cookie))
			return false;
		return !memcmp(out + in_len, &cookie, sizeof(cookie));
	}
	return false;
}

void ns_datapath_close(struct ns_datapath *dp)
{
	ns_maps_close(&dp->maps);
	netsplit_bpf__destroy(dp->skel);
	dp->skel = NULL;
}

static int ns_mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

int ns_bpffs_prepare(const char *pin_root, char *err, size_t err_len)
{
	char parent[PATH_MAX];
	char *slash;
	int ret;

	if (ns_is_bpffs(pin_root))
		return 0;
	snprintf(parent, sizeof(parent), "%s", pin_root);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	/* /sys/fs/bpf exists on every system but is not always mounted. */
	if (!ns_is_bpffs(parent) && !strcmp(parent, "/sys/fs/bpf") &&
	    mount("bpf", parent, "bpf", 0, "mode=0700")) {
		ret = -errno;
		snprintf(err, err_len, "cannot mount a BPF filesystem on %s: %s",
			 parent, strerror(errno));
		return ret;
	}
	ret = ns_mkdir_p(pin_root);
	if (ret) {
		snprintf(err, err_len, "cannot create %s: %s", pin_root,
			 strerror(-ret));
		return ret;
	}
	if (!ns_is_bpffs(pin_root) &&
	    mount("bpf", pin_root, "bpf", 0, "mode=0700")) {
		ret = -errno;
		snprintf(err, err_len, "cannot mount a BPF filesystem on %s: %s",
			 pin_root, strerror(errno));
		return ret;
	}
	return 0;
}
