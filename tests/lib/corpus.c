// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include <netsplit/proto.h>

#include "corpus.h"
#include "table.h"

static void corpus_record(FILE *f, enum corpus_op op, const void *a,
			  size_t alen, const void *b, size_t blen)
{
	size_t len = alen + blen;
	__u8 hdr[3] = {(__u8)op, (__u8)len, (__u8)(len >> 8)};

	if (!f)
		return;
	fwrite(hdr, 1, sizeof(hdr), f);
	if (alen)
		fwrite(a, 1, alen, f);
	if (blen)
		fwrite(b, 1, blen, f);
}

FILE *corpus_create(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (f)
		fwrite(CORPUS_MAGIC, 1, CORPUS_MAGIC_LEN, f);
	return f;
}

int corpus_close(FILE *f)
{
	if (!f)
		return 0;
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	return fclose(f) ? -1 : 0;
}

void corpus_table(FILE *f, const struct ns_rules *rules)
{
	__u8 wire[NS_RULES_WIRE_LEN];

	ns_rules_to_wire(rules, wire);
	corpus_record(f, CORPUS_TABLE, wire, sizeof(wire), NULL, 0);
}

void corpus_reset(FILE *f)
{
	corpus_record(f, CORPUS_RESET, NULL, 0, NULL, 0);
}

void corpus_port(FILE *f, __u8 proto, __u16 port)
{
	__u8 v[3] = {proto, (__u8)port, (__u8)(port >> 8)};

	corpus_record(f, CORPUS_PORT, v, sizeof(v), NULL, 0);
}

void corpus_name(FILE *f, const char *name)
{
	corpus_record(f, CORPUS_NAME, name, strlen(name), NULL, 0);
}

void corpus_frame(FILE *f, const void *frame, size_t len,
		  const struct ns_result *res)
{
	__u8 r[4] = {res->dest, res->wake, res->reason, res->wake_rule};

	corpus_record(f, CORPUS_FRAME, r, sizeof(r), frame, len);
}
