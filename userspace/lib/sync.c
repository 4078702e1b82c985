// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <unistd.h>

#include "prog_attach.h"
#include "sync.h"
#include "table.h"

void ns_sync_detached(struct ns_rules_sync *s, const struct ns_rules *rules)
{
	s->maps = NULL;
	s->pin_root = NULL;
	s->rules = *rules;
	s->digest = ns_rules_digest(rules);
}

int ns_sync_init(struct ns_rules_sync *s, const struct ns_maps *maps,
		 const char *pin_root)
{
	int ret;

	s->maps = maps;
	s->pin_root = pin_root;
	ret = ns_maps_read_rules(maps, &s->rules);
	if (!ret)
		s->digest = ns_rules_digest(&s->rules);
	return ret;
}

static int ns_sync_lock(struct ns_rules_sync *s)
{
	return s->pin_root ? ns_lock_root(s->pin_root) : -EBADF;
}

static void ns_sync_unlock(int lock)
{
	if (lock >= 0)
		close(lock);
}

int ns_sync_poll(struct ns_rules_sync *s)
{
	struct ns_rules now;
	__u32 digest;
	int lock, ret;

	if (!s->maps)
		return 0;
	ret = ns_maps_read_rules(s->maps, &now);
	if (ret)
		return ret;
	digest = ns_rules_digest(&now);
	if (digest == s->digest && now.table.version == s->rules.table.version) {
		s->rules = now;
		return 0;
	}
	/* `rules load` bumps the version itself; bpftool does not. */
	if (now.table.version <= s->rules.table.version) {
		lock = ns_sync_lock(s);
		ret = ns_maps_read_rules(s->maps, &now);
		if (!ret) {
			now.table.version = ns_table_edit_version(
				s->rules.table.version, now.table.version);
			ret = ns_maps_write_rules(s->maps, &now);
		}
		ns_sync_unlock(lock);
		if (ret) {
			/* Say it once: the next poll sees the same digest. */
			s->digest = digest;
			return ret;
		}
	}
	s->rules = now;
	s->digest = ns_rules_digest(&now);
	return 1;
}

int ns_sync_adopt(struct ns_rules_sync *s, const struct ns_rules *rules)
{
	struct ns_rules next;
	int lock, ret;

	if (!s->maps) {
		ns_table_merge(&next, rules, &s->rules);
		s->rules = next;
		s->digest = ns_rules_digest(&next);
		return 0;
	}
	lock = ns_sync_lock(s);
	ret = ns_maps_read_rules(s->maps, &s->rules);
	if (!ret) {
		ns_table_merge(&next, rules, &s->rules);
		ret = ns_maps_write_rules(s->maps, &next);
	}
	ns_sync_unlock(lock);
	if (ret)
		return ret;
	s->rules = next;
	s->digest = ns_rules_digest(&next);
	return 0;
}

int ns_sync_agreed(struct ns_rules_sync *s, __u32 version, __u32 digest)
{
	struct ns_rules now;
	int lock, ret = 0;

	if (digest != s->digest || version <= s->rules.table.version)
		return 0;
	if (s->maps) {
		/* Only the version: an edit not polled yet stays as it is. */
		lock = ns_sync_lock(s);
		ret = ns_maps_read_rules(s->maps, &now);
		if (!ret && ns_rules_digest(&now) == digest &&
		    now.table.version < version) {
			now.table.version = version;
			ret = ns_maps_write_rules(s->maps, &now);
		}
		ns_sync_unlock(lock);
		if (ret)
			return ret;
	}
	s->rules.table.version = version;
	return 1;
}

int ns_sync_set_learned(struct ns_rules_sync *s,
			const struct ns_rules *learned)
{
	int lock, ret;

	if (!s->maps) {
		ns_rules_take_learned(&s->rules, learned);
		return 0;
	}
	lock = ns_sync_lock(s);
	ret = ns_maps_set_learned(s->maps, learned);
	ns_sync_unlock(lock);
	if (!ret)
		ns_rules_take_learned(&s->rules, learned);
	return ret;
}
