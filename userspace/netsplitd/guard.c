// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's own maps and the guard. Loaded after the first restore: the
 * network must not wait for it. Verifying the guard takes most of a second,
 * so the load runs in a thread of its own and netsplitd keeps answering
 * (netsplitctl status, the co-processor) meanwhile; the rest (the table
 * into the maps, attaching) is quick and done back in the main loop. The
 * table used until then (and pushed) goes into the maps, at a version past
 * theirs when it says something else.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "prog_attach.h"
#include "daemon.h"
#include "hostd.h"
#include "log.h"

/* The slow part: the pin root locked, the object loaded and verified. */
static void *hostd_guard_load(void *arg)
{
	struct hostd_loader *l = arg;
	const char *root = l->pin_root;
	__u64 one = 1;

	l->lock = -1;
	l->ret = ns_bpffs_prepare(root, l->err, sizeof(l->err)) ? -EIO : 0;
	if (!l->ret) {
		l->lock = ns_lock_root(root);
		if (l->lock < 0) {
			l->ret = l->lock;
			snprintf(l->err, sizeof(l->err), "cannot lock %s: %s",
				 root, strerror(-l->lock));
		}
	}
	if (!l->ret)
		l->ret = ns_datapath_load_parts(&l->dp, root, NS_DP_GUARD,
						l->err, sizeof(l->err));
	if (write(l->done_fd, &one, sizeof(one)) != sizeof(one))
		l->ret = l->ret ?: -errno;
	return NULL;
}

int hostd_guard_start(struct hostd *h)
{
	struct hostd_loader *l = &h->loader;
	int ret;

	l->pin_root = h->cfg.host.pin_root;
	l->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (l->done_fd < 0)
		return -errno;
	ret = ns_epoll_add(h->epfd, l->done_fd, HOSTD_TAG_LOADED);
	if (!ret)
		ret = -pthread_create(&l->thread, NULL, hostd_guard_load, l);
	if (ret) {
		close(l->done_fd);
		l->done_fd = -1;
		ns_log(LOG_ERR, "cannot start loading the guard: %s",
		       strerror(-ret));
		return ret;
	}
	l->running = true;
	return 0;
}

/* The quick part, in the main loop, once the thread is done. */
int hostd_guard_loaded(struct hostd *h)
{
	struct hostd_loader *l = &h->loader;
	struct ns_rules rules = h->sync.rules;
	__u32 pushed = rules.table.version;
	int ret;

	pthread_join(l->thread, NULL);
	l->running = false;
	close(l->done_fd);
	l->done_fd = -1;
	ret = l->ret;
	if (ret) {
		ns_log(LOG_ERR, "%s", l->err);
		goto out;
	}
	h->dp = l->dp;
	ret = ns_maps_install_rules(&h->dp.maps, &rules);
	if (ret)
		ns_log(LOG_ERR, "cannot write the rule table: %s",
		       strerror(-ret));
	if (!ret)
		ret = ns_maps_set_learned(&h->dp.maps, &h->sync.rules);
	/* Gone meanwhile: attached when it is back (hostd_apply). */
	if (!ret && h->cfg.host.guard && h->ifindex)
		ret = ns_attach_guard(&h->dp, h->ifindex, h->cfg.host.generic);
out:
	if (l->lock >= 0)
		close(l->lock);
	if (!ret)
		ret = ns_sync_init(&h->sync, &h->dp.maps, h->cfg.host.pin_root);
	if (!ret && h->sync.rules.table.version != pushed) {
		hostd_push_rules(h);
		hostd_rules_changed(h);
	}
	return ret;
}

/* A netsplitd stopped while the guard loads waits for the thread. */
void hostd_guard_stop(struct hostd *h)
{
	if (h->loader.running)
		hostd_guard_loaded(h);
}
