/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The MQTT wake match (SPEC 3, wake check): a PUBLISH (MQTT 3.1.1 or 5)
 * in a TCP segment from a broker's port, its topic and payload compared
 * with the wake patterns, every packet of the segment in turn.
 */
#ifndef NETSPLIT_CLASSIFY_MQTT_H
#define NETSPLIT_CLASSIFY_MQTT_H

#include "packet.h"

/*
 * MQTT fields are copied out of the frame (ns_env_load) into windows of
 * NS_WAKE_STR_MAX bytes, once per segment, and compared with each pattern a
 * word at a time under a length mask: the verifier then sees no per-byte
 * loop and no branch per pattern byte.
 */
struct ns_wake_buf {
	__u64 w[NS_WAKE_STR_MAX / 8];
	__u32 len; /* bytes loaded */
};

/*
 * Loads min(len, NS_WAKE_STR_MAX) bytes at off. Bytes past b->len hold
 * anything: comparisons never reach them, since a pattern longer than
 * b->len cannot match (ns_wake_buf_starts).
 */
static __always_inline void ns_wake_buf_load(struct ns_env *env,
					     struct ns_wake_buf *b, __u32 off,
					     __u32 len)
{
	if (len > NS_WAKE_STR_MAX)
		len = NS_WAKE_STR_MAX;
	b->len = len && ns_env_load(env, off, b->w, len, sizeof(b->w)) ? len
									: 0;
}

/* Mask of the first n (0-8) bytes of a word loaded from memory. */
static __always_inline __u64 ns_first_bytes(__u32 n)
{
	__u64 low = (((__u64)1 << (4 * n)) << (4 * n)) - 1;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return low;
#else
	return ~(~(__u64)0 >> (8 * n)) | (n == 8 ? ~(__u64)0 : 0);
#endif
}

/*
 * Whether the first len bytes of b equal want, one of the 8-byte aligned
 * strings of struct ns_wake_pattern. One branch per word, none per byte:
 * whole words, then the last one's first len % 8 bytes.
 */
static __always_inline bool ns_wake_buf_starts(const struct ns_wake_buf *b,
					       const __u8 *want, __u32 len)
{
	const __u64 *w = (const __u64 *)want;
	__u32 i, words = len / 8;
	__u64 diff = 0;

	if (len > b->len)
		return false;
	NS_NO_UNROLL
	for (i = 0; i < NS_WAKE_STR_MAX / 8; i++) {
		if (i >= words)
			break;
		diff |= b->w[i] ^ w[i];
	}
	/*
	 * No branch: with len % 8 == 0 the mask is empty. Then words may be
	 * past the end, and the index wraps to a word the mask ignores.
	 */
	i = words & (NS_WAKE_STR_MAX / 8 - 1);
	diff |= (b->w[i] ^ w[i]) & ns_first_bytes(len % 8);
	return !diff;
}

/*
 * Reads an MQTT variable byte integer (1-4 bytes) from the start of b, which
 * holds at least 4 bytes. The caller checks *used against what was loaded.
 */
static __always_inline bool ns_mqtt_varint(const __u8 *b, __u32 *used,
					   __u32 *value)
{
	__u32 v = 0;
	__u32 i;

	for (i = 0; i < 4; i++) {
		v |= (__u32)(b[i] & 0x7f) << (7 * i);
		if (!(b[i] & 0x80)) {
			*used = i + 1;
			*value = v;
			return true;
		}
	}
	return false;
}

struct ns_mqtt_scratch {
	struct ns_wake_buf head;
	struct ns_wake_buf topic;
	struct ns_wake_buf v311;
	struct ns_wake_buf v5;
};

/* One parsed PUBLISH, as offsets from the frame start. */
struct ns_mqtt_publish {
	__u32 topic;
	__u32 topic_len;
	__u32 payload_v311; /* MQTT 3.1.1: right after the packet id */
	__u32 payload_v5;   /* MQTT 5: after the properties; 0 when absent */
	__u32 end;          /* end of the packet, or of the IP packet */
};

/*
 * Byte k (0-7) of the 8 bytes loaded into w. Shifting, not indexing: the
 * verifier rejects a stack read at a variable offset.
 */
static NS_TINY __u32 ns_head_byte(__u64 w, __u32 k)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (w >> (8 * (k & 7))) & 0xff;
#else
	return (w >> (56 - 8 * (k & 7))) & 0xff;
#endif
}

/*
 * Parses the MQTT control packet at *off into s->head, and for a PUBLISH
 * loads the MQTT 3.1.1 payload into s->v311: MQTT 5's properties start
 * there. The protocol version is set at CONNECT time, which we never see,
 * so a PUBLISH is read both ways and a pattern may match either reading.
 * On return *off is the next packet. Returns 1 for a PUBLISH, 0 for another
 * packet, -1 when nothing more can be parsed in this segment.
 *
 * A varint may run past the bytes loaded, into whatever the buffer holds
 * there; one that ends past them is refused, so those bytes never matter.
 */
static __always_inline int ns_mqtt_parse(struct ns_env *env, __u32 end,
					 struct ns_mqtt_scratch *s, __u32 *off,
					 struct ns_mqtt_publish *pub)
{
	struct ns_wake_buf *head = &s->head;
	const __u8 *h = (const __u8 *)head->w;
	__u32 pos = *off;
	__u32 used, remaining, props, body, body_end, after;
	__u8 qos;

	if (pos >= end)
		return -1;
	ns_wake_buf_load(env, head, pos, end - pos);
	if (!head->len || !ns_mqtt_varint(h + 1, &used, &remaining) ||
	    1 + used > head->len)
		return -1;
	body = pos + 1 + used;
	body_end = remaining < end - body ? body + remaining : end;
	*off = body_end;
	qos = (h[0] >> 1) & 3;
	if ((h[0] >> 4) != 3 || qos == 3)
		return 0;

	/* used <= 4, so the topic length is inside head when available. */
	if (body + 2 > body_end || 1 + used + 2 > head->len)
		return 0;
	pub->topic_len = ns_head_byte(head->w[0], 1 + used) << 8 |
			 ns_head_byte(head->w[0], 2 + used);
	pub->topic = body + 2;
	after = pub->topic + pub->topic_len + (qos ? 2 : 0);
	if (after > body_end)
		return 0;
	pub->end = body_end;
	pub->payload_v311 = after;
	pub->payload_v5 = 0;
	ns_wake_buf_load(env, &s->v311, after, body_end - after);
	if (s->v311.len &&
	    ns_mqtt_varint((const __u8 *)s->v311.w, &used, &props) &&
	    used <= s->v311.len && props <= body_end - after - used)
		pub->payload_v5 = after + used + props;
	return 1;
}

/*
 * Whether one of the first count wake patterns, for the query's broker
 * port, matches the topic in s->topic and the payload read one way;
 * query->rule is the first that does.
 */
static __always_inline bool ns_wake_match(struct ns_env *env,
					  const struct ns_mqtt_scratch *s,
					  struct ns_wake_query *query,
					  __u32 topic_len,
					  const struct ns_wake_buf *payload,
					  __u32 count)
{
	const struct ns_wake_pattern *w;
	__u32 i;

	NS_NO_UNROLL
	for (i = 0; i < NS_WAKE_MAX; i++) {
		if (i >= count)
			break;
		w = ns_env_wake(env, i);
		if (!w || w->broker_port != query->sport)
			continue;
		if (w->topic_len &&
		    (w->topic_len != topic_len ||
		     !ns_wake_buf_starts(&s->topic, w->topic, w->topic_len)))
			continue;
		if (ns_wake_buf_starts(payload, w->prefix, w->prefix_len)) {
			query->rule = i;
			return true;
		}
	}
	return false;
}

/*
 * The MQTT packet at query->payload, which moves on to the next one: 1 when
 * it is a PUBLISH matching a wake pattern for the query's broker port
 * (query->rule is the first pattern that does), 0 when it is another packet
 * or a PUBLISH that matches none, -1 when nothing more can be parsed in this
 * segment. The MQTT 5 reading is loaded only for the patterns before the
 * first that matches the MQTT 3.1.1 one (none, usually): each load is a
 * call.
 */
static __always_inline int ns_mqtt_packet(struct ns_env *env,
					  struct ns_wake_query *query)
{
	struct ns_mqtt_scratch *s = ns_env_scratch(env);
	struct ns_mqtt_publish pub;
	__u32 before;
	bool found;
	int kind;

	if (!s)
		return -1;
	kind = ns_mqtt_parse(env, query->end_off, s, &query->payload, &pub);
	if (kind <= 0)
		return kind;
	if (query->topics)
		ns_wake_buf_load(env, &s->topic, pub.topic,
				 pub.topic_len <= NS_WAKE_STR_MAX ? pub.topic_len :
								   0);
	found = ns_wake_match(env, s, query, pub.topic_len, &s->v311,
			      query->wake_count);
	before = found ? query->rule : query->wake_count;
	if (!before || !pub.payload_v5)
		return found;
	ns_wake_buf_load(env, &s->v5, pub.payload_v5,
			 pub.end - pub.payload_v5);
	return ns_wake_match(env, s, query, pub.topic_len, &s->v5, before) ||
	       found;
}

/*
 * Whether a PUBLISH in the segment matches a wake pattern for the query's
 * broker port; query->rule is the first pattern that the first such PUBLISH
 * matches. Brokers put several packets in one segment (PUBLISHes to other
 * topics, a PINGRESP), so up to NS_MQTT_PACKETS_MAX packets are looked at;
 * a packet cut by the segment's end is the last.
 */
static __always_inline bool ns_mqtt_wake(struct ns_env *env,
					 struct ns_wake_query *query)
{
	__u32 n;
	int kind;

	NS_NO_UNROLL
	for (n = 0; n < NS_MQTT_PACKETS_MAX; n++) {
		if (query->payload >= query->end_off)
			break;
		kind = ns_env_mqtt_packet(env, query);
		if (kind)
			return kind > 0;
	}
	return false;
}

/*
 * Whether any wake pattern listens to this remote port; *topics is nonzero
 * when one of them asks for a topic, the only case the matcher loads it.
 */
static __always_inline bool ns_is_broker_port(struct ns_env *env,
					      const struct ns_table *t,
					      __u16 sport, __u8 *topics)
{
	const struct ns_wake_pattern *w;
	bool found = false;
	__u32 i;

	*topics = 0;
	for (i = 0; i < NS_WAKE_MAX; i++) {
		if (i >= t->wake_count)
			break;
		w = ns_env_wake(env, i);
		if (w && w->broker_port == sport) {
			found = true;
			*topics |= w->topic_len;
		}
	}
	return found;
}

#endif /* NETSPLIT_CLASSIFY_MQTT_H */
