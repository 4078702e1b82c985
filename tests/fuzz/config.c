// SPDX-License-Identifier: GPL-2.0-only
/*
 * The config parser (userspace/lib/config.c) on any text, through a memory
 * stream: a refusal names the file and leaves the table as it was; a table
 * that loads prints as text that loads to a table printing the same.
 */
#include <string.h>

#include "config.h"
#include "fuzz.h"

#define NAME "fuzz.conf"

static char *print(const struct ns_rules *rules, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);

	FUZZ_ASSERT(out, "open_memstream failed");
	ns_config_print(out, rules);
	fclose(out);
	return text;
}

static int parse(const void *text, size_t len, struct ns_rules *rules,
		 char *err, size_t err_len)
{
	FILE *in = fmemopen((void *)text, len, "r");
	int ret;

	FUZZ_ASSERT(in, "fmemopen failed");
	ret = ns_config_parse(in, NAME, rules, err, err_len);
	fclose(in);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ns_rules rules, sentinel, again;
	char err[512], err2[512];
	size_t len1, len2;
	char *text1, *text2;

	if (!size)
		return 0;
	memset(&sentinel, 0xa5, sizeof(sentinel));
	rules = sentinel;
	if (parse(data, size, &rules, err, sizeof(err))) {
		FUZZ_ASSERT(!memcmp(&rules, &sentinel, sizeof(rules)),
			    "a refused file changed the table");
		FUZZ_ASSERT(strstr(err, NAME),
			    "the refusal does not name the file: %s", err);
		return 0;
	}
	text1 = print(&rules, &len1);
	FUZZ_ASSERT(!parse(text1, len1, &again, err2, sizeof(err2)),
		    "the printed table does not load: %s\n%s", err2, text1);
	text2 = print(&again, &len2);
	FUZZ_ASSERT(len1 == len2 && !memcmp(text1, text2, len1),
		    "print, load, print differs:\n%s\n---\n%s", text1, text2);
	free(text1);
	free(text2);
	return 0;
}
