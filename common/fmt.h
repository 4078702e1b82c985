/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Log lines without libc: %s (also %.*s), %u, %d, %x (with a 0-padded
 * width, as %02x) and %%, into a buffer that is always terminated.
 */
#ifndef NETSPLIT_FMT_H
#define NETSPLIT_FMT_H

#include <stdarg.h>

#include <netsplit/types.h>

void ns_vfmt(char *buf, __u32 size, const char *fmt, va_list ap);
void ns_fmt(char *buf, __u32 size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* NETSPLIT_FMT_H */
