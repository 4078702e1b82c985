/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal test harness: CHECK() counts and reports, and every test
 * program ends with the line "N passed, N failed" and exits 1 on a failure.
 */
#ifndef NETSPLIT_TEST_CHECK_H
#define NETSPLIT_TEST_CHECK_H

#include <stdio.h>

extern unsigned int check_passed, check_failed;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (cond) {                                               \
			check_passed++;                                   \
		} else {                                                  \
			check_failed++;                                   \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                     \
			fputc('\n', stderr);                              \
		}                                                         \
	} while (0)

/* Prints the closing line; returns the exit status. */
int check_report(void);

/* Skips (with the reason printed) unless running as root. */
int check_need_root(const char *what);

#endif /* NETSPLIT_TEST_CHECK_H */
