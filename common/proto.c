// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The control protocol's codec (proto.h), driven by its list of fields,
 * NS_TLV_LIST: each field is written, read and checked by its kind, so that
 * a field is added by one line there (and its member in struct ns_msg).
 */
#include <netsplit/proto.h>
#include <netsplit/validate.h>

#include "table.h"

/* How a field's value is laid out on the wire and in struct ns_msg. */
enum ns_tlv_kind {
	NS_TLV_K_U8,	/* one byte, MIN to MAX */
	NS_TLV_K_U16,	/* two bytes, MIN to MAX */
	NS_TLV_K_U32,	/* four bytes, MIN to MAX (both 0: any) */
	NS_TLV_K_BYTES, /* LEN bytes as they are */
	NS_TLV_K_TEXT,	/* MIN to MAX printable bytes, a string in m */
	NS_TLV_K_ADDR,	/* a struct ns_addr: 4 or 16 bytes, its prefix */
	NS_TLV_K_ADDRS, /* one of up to MAX of them; with a prefix if MIN */
	NS_TLV_K_LEASE, /* valid and preferred seconds, preferred <= valid */
	NS_TLV_K_RULES, /* the table's wire form, valid */
	NS_TLV_K_WAKE,	/* reason (MIN to MAX) and rule, one byte each */
	NS_TLV_K_STATS, /* MIN to MAX counters of 16 bytes */
};

struct ns_tlv_field {
	__u8 kind;
	__u16 off; /* of the member in struct ns_msg */
	__u32 min, max;
};

static const struct ns_tlv_field ns_tlv_field[NS_TLV_TYPE_COUNT] = {
#define NS_TLV_FIELD(name, type, kind, member, len, lo, hi)                    \
	[NS_TLV_##name] = {NS_TLV_K_##kind,                                    \
			   __builtin_offsetof(struct ns_msg, member), lo, hi},
	NS_TLV_LIST(NS_TLV_FIELD)
#undef NS_TLV_FIELD
};

/* Each number's member is as wide as the field (0: not checked here). */
#define NS_TLV_WIDTH_U8(len)	1
#define NS_TLV_WIDTH_U16(len)	2
#define NS_TLV_WIDTH_U32(len)	4
#define NS_TLV_WIDTH_BYTES(len) len
#define NS_TLV_WIDTH_TEXT(len)	0
#define NS_TLV_WIDTH_ADDR(len)	0
#define NS_TLV_WIDTH_ADDRS(len) 0
#define NS_TLV_WIDTH_LEASE(len) 0
#define NS_TLV_WIDTH_RULES(len) 0
#define NS_TLV_WIDTH_WAKE(len)	0
#define NS_TLV_WIDTH_STATS(len) 0
#define NS_TLV_WIDTH(name, type, kind, member, len, ...)                       \
	NS_STATIC_ASSERT(!NS_TLV_WIDTH_##kind(len) ||                          \
				 sizeof(((struct ns_msg *)0)->member) ==       \
					 NS_TLV_WIDTH_##kind(len),             \
			 "NS_TLV_" #name ": its member's width");
NS_TLV_LIST(NS_TLV_WIDTH)
#undef NS_TLV_WIDTH

/* The order a message carries its fields in. */
static const __u8 ns_tlv_order[] = {
#define NS_TLV_ORDER(name, ...) NS_TLV_##name,
	NS_TLV_LIST(NS_TLV_ORDER)
#undef NS_TLV_ORDER
};

/* What each message must carry, as a request and as a reply. */
static const __u64 ns_msg_required[NS_MSG_TYPE_COUNT][2] = {
	[NS_MSG_HELLO] = {NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS),
			  NS_FIELD(NS_TLV_ROLE) | NS_FIELD(NS_TLV_CAPS)},
	[NS_MSG_GET_MAC] = {0, NS_FIELD(NS_TLV_MAC)},
	[NS_MSG_GET_STATUS] = {0, NS_FIELD(NS_TLV_LINK)},
	[NS_MSG_STATUS_EVENT] = {NS_FIELD(NS_TLV_LINK), 0},
	[NS_MSG_SET_RULES] = {NS_FIELD(NS_TLV_RULES),
			      NS_FIELD(NS_TLV_RULES_VERSION) |
				      NS_FIELD(NS_TLV_RULES_DIGEST)},
	[NS_MSG_GET_RULES] = {0, NS_FIELD(NS_TLV_RULES)},
	[NS_MSG_SET_HOST_STATE] = {NS_FIELD(NS_TLV_HOST_STATE),
				   NS_FIELD(NS_TLV_HOST_STATE)},
	[NS_MSG_HEARTBEAT] = {0, NS_FIELD(NS_TLV_HOST_STATE)},
	[NS_MSG_WAKE_EVENT] = {NS_FIELD(NS_TLV_WAKE), 0},
	[NS_MSG_GET_STATS] = {0, NS_FIELD(NS_TLV_STATS)},
	[NS_MSG_ERROR] = {NS_FIELD(NS_TLV_ERROR), NS_FIELD(NS_TLV_ERROR)},
	[NS_MSG_SET_WIFI] = {NS_FIELD(NS_TLV_WIFI_SSID),
			     NS_FIELD(NS_TLV_WIFI_STATE)},
};

static bool ns_msg_complete(const struct ns_msg *m)
{
	__u64 required =
		ns_msg_required[m->type][!!(m->flags & NS_MSG_F_REPLY)];

	return (m->fields & required) == required;
}

/* The count of a list field's entries (NS_TLV_K_ADDRS). */
static __u8 *ns_msg_count(struct ns_msg *m, __u16 type)
{
	return type == NS_TLV_DNS ? &m->status.dns_count
				  : &m->status.ipv6_count;
}

static __u8 ns_msg_entries(const struct ns_msg *m, __u16 type)
{
	return type == NS_TLV_DNS ? m->status.dns_count : m->status.ipv6_count;
}

/* --- encoding --- */

struct ns_wire {
	__u8 *p;
	const __u8 *end;
};

static int ns_tlv_put(struct ns_wire *w, __u16 type, const void *val, __u32 len)
{
	if (w->end - w->p < NS_TLV_HDR_LEN + (long)len)
		return -NS_PERR_TOO_LONG;
	ns_put16(w->p, type);
	ns_put16(w->p + 2, (__u16)len);
	ns_copy(w->p + NS_TLV_HDR_LEN, val, len);
	w->p += NS_TLV_HDR_LEN + len;
	return 0;
}

static int ns_tlv_put_addr(struct ns_wire *w, __u16 type,
			   const struct ns_addr *a, bool with_prefix)
{
	__u8 b[17];
	__u32 len = a->family == 6 ? 16 : 4;

	ns_copy(b, a->addr, len);
	if (with_prefix)
		b[len++] = a->prefix;
	return ns_tlv_put(w, type, b, len);
}

/* Writes the field type of m, each entry of a list. */
static int ns_tlv_put_field(struct ns_wire *w, const struct ns_msg *m,
			    __u16 type)
{
	const struct ns_tlv_field *f = &ns_tlv_field[type];
	const __u8 *v = (const __u8 *)m + f->off;
	__u8 b[NS_STATS_WIRE_MAX * 16];
	__u32 i, n;
	int err = 0;

	switch (f->kind) {
	case NS_TLV_K_U8:
		return ns_tlv_put(w, type, v, 1);
	case NS_TLV_K_U16:
		ns_put16(b, *(const __u16 *)v);
		return ns_tlv_put(w, type, b, 2);
	case NS_TLV_K_U32:
		ns_put32(b, *(const __u32 *)v);
		return ns_tlv_put(w, type, b, 4);
	case NS_TLV_K_BYTES:
		return ns_tlv_put(w, type, v, ns_tlv_len[type]);
	case NS_TLV_K_TEXT:
		return ns_tlv_put(w, type, v,
				  ns_strnlen((const char *)v, (__u16)f->max));
	case NS_TLV_K_ADDR:
		return ns_tlv_put_addr(w, type, (const struct ns_addr *)v,
				       true);
	case NS_TLV_K_ADDRS:
		n = ns_msg_entries(m, type);
		for (i = 0; i < n && i < f->max; i++)
			err |= ns_tlv_put_addr(
				w, type, (const struct ns_addr *)v + i, f->min);
		return err;
	case NS_TLV_K_LEASE:
		ns_put32(b, m->status.lease_valid);
		ns_put32(b + 4, m->status.lease_preferred);
		return ns_tlv_put(w, type, b, 8);
	case NS_TLV_K_RULES: {
		__u8 rules[NS_RULES_WIRE_LEN];

		ns_rules_to_wire(&m->rules, rules);
		return ns_tlv_put(w, type, rules, NS_RULES_WIRE_LEN);
	}
	case NS_TLV_K_WAKE:
		b[0] = m->wake_reason;
		b[1] = m->wake_rule;
		return ns_tlv_put(w, type, b, 2);
	case NS_TLV_K_STATS:
		for (i = 0; i < m->stats_count && i < NS_REASON_COUNT; i++) {
			ns_put64(b + i * 16, m->stats[i].packets);
			ns_put64(b + i * 16 + 8, m->stats[i].bytes);
		}
		return ns_tlv_put(w, type, b, i * 16);
	}
	return 0;
}

int ns_msg_encode(const struct ns_msg *m, __u8 *buf, __u32 size)
{
	struct ns_wire w = {buf + NS_MSG_HDR_LEN, buf + size};
	__u32 i, len;
	int err = 0;

	if (size > NS_MSG_MAX)
		w.end = buf + NS_MSG_MAX;
	if (size < NS_MSG_HDR_LEN)
		return -NS_PERR_TOO_LONG;
	if (m->type == 0 || m->type >= NS_MSG_TYPE_COUNT)
		return -NS_PERR_UNKNOWN_TYPE;
	if (!ns_msg_complete(m))
		return -NS_PERR_MISSING_FIELD;
	for (i = 0; i < NS_ARRAY_SIZE(ns_tlv_order); i++)
		if (m->fields & NS_FIELD(ns_tlv_order[i]))
			err |= ns_tlv_put_field(&w, m, ns_tlv_order[i]);
	if (err)
		return -NS_PERR_TOO_LONG;

	len = (__u32)(w.p - buf);
	ns_put16(buf, NS_PROTO_MAGIC);
	buf[2] = NS_PROTO_VERSION;
	buf[3] = m->type;
	ns_put16(buf + 4, m->flags);
	ns_put16(buf + 6, (__u16)(len - NS_MSG_HDR_LEN));
	ns_put32(buf + 8, m->request_id);
	return (int)len;
}

/* --- decoding --- */

int ns_msg_frame(const __u8 *buf, __u32 len)
{
	__u32 total;

	if ((len >= 1 && buf[0] != NS_PROTO_MAGIC >> 8) ||
	    (len >= 2 && ns_get16(buf) != NS_PROTO_MAGIC))
		return -NS_PERR_BAD_MAGIC;
	if (len < NS_MSG_HDR_LEN)
		return 0;
	total = NS_MSG_HDR_LEN + ns_get16(buf + 6);
	if (total > NS_MSG_MAX)
		return -NS_PERR_TOO_LONG;
	return len < total ? 0 : (int)total;
}

static int ns_tlv_take_text(const __u8 *v, __u16 len,
			    const struct ns_tlv_field *f, char *out)
{
	if (len < f->min || len > f->max)
		return -NS_PERR_BAD_LENGTH;
	if (!ns_printable(v, len))
		return -NS_PERR_BAD_VALUE;
	ns_copy(out, v, len);
	out[len] = '\0';
	return 0;
}

static int ns_tlv_take_addr(struct ns_addr *a, const __u8 *v, __u16 len,
			    bool with_prefix)
{
	__u16 alen = (__u16)(len - (with_prefix ? 1 : 0));

	if (alen != 4 && alen != 16)
		return -NS_PERR_BAD_LENGTH;
	ns_zero(a, sizeof(*a));
	a->family = alen == 4 ? 4 : 6;
	ns_copy(a->addr, v, alen);
	if (with_prefix) {
		a->prefix = v[alen];
		if (a->prefix > alen * 8)
			return -NS_PERR_BAD_VALUE;
	}
	return 0;
}

/* A number in range: MIN to MAX, any when both are 0. */
static int ns_tlv_in_range(const struct ns_tlv_field *f, __u32 x)
{
	if ((f->min || f->max) && (x < f->min || x > f->max))
		return -NS_PERR_BAD_VALUE;
	return 0;
}

/* Stores one field whose fixed length (if any) already matched. */
static int ns_tlv_take(struct ns_msg *m, __u16 type, const __u8 *v, __u16 len)
{
	const struct ns_tlv_field *f = &ns_tlv_field[type];
	__u8 *member = (__u8 *)m + f->off;
	struct ns_problem problem;
	__u8 *count;
	__u16 i;

	switch (f->kind) {
	case NS_TLV_K_U8:
		*member = v[0];
		return ns_tlv_in_range(f, v[0]);
	case NS_TLV_K_U16:
		*(__u16 *)member = ns_get16(v);
		return ns_tlv_in_range(f, ns_get16(v));
	case NS_TLV_K_U32:
		*(__u32 *)member = ns_get32(v);
		return ns_tlv_in_range(f, ns_get32(v));
	case NS_TLV_K_BYTES:
		ns_copy(member, v, len);
		return 0;
	case NS_TLV_K_TEXT:
		return ns_tlv_take_text(v, len, f, (char *)member);
	case NS_TLV_K_ADDR:
		return ns_tlv_take_addr((struct ns_addr *)member, v, len, true);
	case NS_TLV_K_ADDRS:
		count = ns_msg_count(m, type);
		if (*count == f->max)
			return -NS_PERR_DUPLICATE_FIELD;
		return ns_tlv_take_addr((struct ns_addr *)member + (*count)++,
					v, len, f->min);
	case NS_TLV_K_LEASE:
		m->status.lease_valid = ns_get32(v);
		m->status.lease_preferred = ns_get32(v + 4);
		return m->status.lease_preferred <= m->status.lease_valid
			       ? 0
			       : -NS_PERR_BAD_VALUE;
	case NS_TLV_K_RULES:
		ns_rules_from_wire(v, &m->rules);
		return ns_rules_check(&m->rules, &problem) ? -NS_PERR_BAD_VALUE
							   : 0;
	case NS_TLV_K_WAKE:
		m->wake_reason = v[0];
		m->wake_rule = v[1];
		return ns_tlv_in_range(f, v[0]);
	case NS_TLV_K_STATS:
		if (len % 16 || len / 16 < f->min || len / 16 > f->max)
			return -NS_PERR_BAD_LENGTH;
		for (i = 0; i < len / 16 && i < NS_REASON_COUNT; i++) {
			m->stats[i].packets = ns_get64(v + i * 16);
			m->stats[i].bytes = ns_get64(v + i * 16 + 8);
		}
		m->stats_count = i;
		return 0;
	}
	return 0;
}

int ns_msg_decode(const __u8 *buf, __u32 len, struct ns_msg *m)
{
	const __u8 *p, *end;
	__u16 type, tlen;
	int err;

	ns_zero(m, sizeof(*m));
	if (len < NS_MSG_HDR_LEN)
		return -NS_PERR_TRUNCATED;
	if (ns_get16(buf) != NS_PROTO_MAGIC)
		return -NS_PERR_BAD_MAGIC;
	m->type = buf[3];
	m->flags = ns_get16(buf + 4);
	m->request_id = ns_get32(buf + 8);
	if (buf[2] != NS_PROTO_VERSION)
		return -NS_PERR_BAD_VERSION;
	if (len > NS_MSG_MAX)
		return -NS_PERR_TOO_LONG;
	if (NS_MSG_HDR_LEN + (__u32)ns_get16(buf + 6) != len)
		return -NS_PERR_BAD_LENGTH;
	if (m->type == 0 || m->type >= NS_MSG_TYPE_COUNT)
		return -NS_PERR_UNKNOWN_TYPE;

	p = buf + NS_MSG_HDR_LEN;
	end = buf + len;
	while (p < end) {
		if (end - p < NS_TLV_HDR_LEN)
			return -NS_PERR_TRUNCATED;
		type = ns_get16(p);
		tlen = ns_get16(p + 2);
		p += NS_TLV_HDR_LEN;
		if (end - p < tlen)
			return -NS_PERR_TRUNCATED;
		/* Unknown fields are skipped: a newer peer may add some. */
		if (type > 0 && type < NS_TLV_TYPE_COUNT) {
			if (ns_tlv_len[type] && tlen != ns_tlv_len[type])
				return -NS_PERR_BAD_LENGTH;
			if ((m->fields & NS_FIELD(type)) &&
			    ns_tlv_field[type].kind != NS_TLV_K_ADDRS)
				return -NS_PERR_DUPLICATE_FIELD;
			err = ns_tlv_take(m, type, p, tlen);
			if (err)
				return err;
			m->fields |= NS_FIELD(type);
		}
		p += tlen;
	}
	return ns_msg_complete(m) ? 0 : -NS_PERR_MISSING_FIELD;
}

void ns_msg_error(struct ns_msg *m, const struct ns_msg *req, int perr)
{
	__u8 type = req->type;
	__u32 id = req->request_id;

	ns_zero(m, sizeof(*m));
	m->type = NS_MSG_ERROR;
	m->flags = NS_MSG_F_REPLY;
	m->request_id = id;
	m->error = (__u16)(perr < 0 ? -perr : perr);
	if (m->error >= NS_PERR_COUNT)
		m->error = NS_PERR_FAILED;
	m->fields = NS_FIELD(NS_TLV_ERROR) | NS_FIELD(NS_TLV_TEXT);
	ns_copy(m->text, ns_perr_name[m->error],
		ns_strnlen(ns_perr_name[m->error], NS_TEXT_MAX));
	if (type && type < NS_MSG_TYPE_COUNT) {
		__u16 n = ns_strnlen(m->text, NS_TEXT_MAX);
		const char *name = ns_msg_name[type];
		__u16 k = ns_strnlen(name, NS_TEXT_MAX);

		if (n + 4 + k <= NS_TEXT_MAX) {
			ns_copy(m->text + n, " in ", 4);
			ns_copy(m->text + n + 4, name, k);
		}
	}
}
