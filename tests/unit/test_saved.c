// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's state file (userspace/lib/saved.c): a state written
 * is read back the same; cut short at every byte, it is ignored whole,
 * never taken for a smaller state; with a byte changed or lines added
 * after its end line, or a directory in its place, ignored too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "saved.h"

static char path[] = "/tmp/test_saved.XXXXXX";

static void saved_example(struct ns_core_saved *s)
{
	memset(s, 0, sizeof(*s));
	s->network = (struct ns_net_status){
		.mac = {2, 0x6e, 0x73, 0, 0, 0x10},
		.link_up = 1,
		.ipv4 = {.family = 4, .prefix = 24, .addr = {192, 168, 50, 10}},
		.gateway4 = {192, 168, 50, 1},
		.mtu = 1500};
	s->network_known = true;
	ns_rules_default(&s->rules);
	s->rules.table.version = 7;
	s->rules_known = true;
	strcpy(s->wifi.ssid, "netsplit-lab");
	strcpy(s->wifi.psk, "correct horse");
	s->wifi_known = true;
}

static char *slurp(long *len)
{
	FILE *f = fopen(path, "r");
	char *buf;

	fseek(f, 0, SEEK_END);
	*len = ftell(f);
	rewind(f);
	buf = malloc((size_t)*len);
	if (fread(buf, 1, (size_t)*len, f) != (size_t)*len)
		*len = 0;
	fclose(f);
	return buf;
}

static void spill(const char *buf, long len)
{
	FILE *f = fopen(path, "w");

	fwrite(buf, 1, (size_t)len, f);
	fclose(f);
}

/* Nothing at all was taken from the file. */
static bool nothing(const struct ns_core_saved *s)
{
	return !s->network_known && !s->rules_known && !s->wifi_known &&
	       !s->network.ipv4.family;
}

int main(void)
{
	struct ns_core_saved written, read;
	long len, cut, rejected = 0;
	int fd, err, null;
	char *whole;
	FILE *f;

	fd = mkstemp(path);
	close(fd);
	saved_example(&written);
	ns_saved_store(path, "wlan0", &written);
	ns_saved_load(path, &read);
	CHECK(read.network_known && read.rules_known && read.wifi_known &&
		      !memcmp(&read.network.ipv4, &written.network.ipv4,
			      sizeof(read.network.ipv4)) &&
		      !memcmp(read.network.gateway4, written.network.gateway4,
			      4) &&
		      !memcmp(read.network.mac, written.network.mac, 6) &&
		      read.network.mtu == 1500 &&
		      read.rules.table.version == 7 &&
		      !strcmp(read.wifi.psk, "correct horse"),
	      "written, then read back the same");
	whole = slurp(&len);
	CHECK(len > 20 && !memcmp(whole + len - 4, "end\n", 4),
	      "the file ends with its end line");
	/* The warnings of 3,000 cuts say nothing the checks do not. */
	err = dup(2);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	for (cut = 0; cut < len; cut++) {
		spill(whole, cut);
		ns_saved_load(path, &read);
		rejected += nothing(&read);
	}
	dup2(err, 2);
	CHECK(rejected == len,
	      "cut short at each of %ld bytes: %ld ignored whole", len,
	      rejected);
	spill(whole, len);
	f = fopen(path, "a");
	fputs("ipv4=10.0.0.1/8\n", f);
	fclose(f);
	ns_saved_load(path, &read);
	CHECK(nothing(&read), "a line after the end line: ignored whole");
	whole[strstr(whole, "ipv4=") - whole + 5] = 'x';
	spill(whole, len);
	ns_saved_load(path, &read);
	CHECK(nothing(&read), "an address made not one: ignored whole");
	unlink(path);
	mkdir(path, 0700);
	ns_saved_load(path, &read);
	CHECK(nothing(&read), "a directory in its place: ignored");
	rmdir(path);
	free(whole);
	close(null);
	close(err);
	return check_report();
}
