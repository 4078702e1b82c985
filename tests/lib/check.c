// SPDX-License-Identifier: GPL-2.0-only
#include <unistd.h>

#include "check.h"

unsigned int check_passed, check_failed;

int check_report(void)
{
	printf("%u passed, %u failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

int check_need_root(const char *what)
{
	if (geteuid() == 0)
		return 0;
	fprintf(stderr, "FAIL: %s needs root (BPF_PROG_TEST_RUN); run: sudo make check\n",
		what);
	check_failed++;
	return -1;
}
