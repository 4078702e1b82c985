// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "fmt.h"

struct ns_out {
	char *buf;
	__u32 size, len;
};

static void ns_put(struct ns_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void ns_put_num(struct ns_out *o, __u32 v, __u32 base, __u32 width,
		       bool negative)
{
	char digits[12];
	__u32 n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		ns_put(o, '-');
	while (width > n) {
		ns_put(o, '0');
		width--;
	}
	while (n)
		ns_put(o, digits[--n]);
}

void ns_vfmt(char *buf, __u32 size, const char *fmt, va_list ap)
{
	struct ns_out o = { buf, size, 0 };
	const char *s;
	__u32 width, max;
	int d;

	if (!size)
		return;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			ns_put(&o, *fmt);
			continue;
		}
		width = 0;
		max = ~0u;
		if (fmt[1] == '0')
			fmt++;
		while (fmt[1] >= '1' && fmt[1] <= '9')
			width = width * 10 + (__u32)(*++fmt - '0');
		if (fmt[1] == '.' && fmt[2] == '*') {
			d = va_arg(ap, int);
			max = d < 0 ? ~0u : (__u32)d;
			fmt += 2;
		}
		switch (*++fmt) {
		case 's':
			for (s = va_arg(ap, const char *); max && *s; s++, max--)
				ns_put(&o, *s);
			break;
		case 'u':
			ns_put_num(&o, va_arg(ap, unsigned int), 10, width, false);
			break;
		case 'x':
			ns_put_num(&o, va_arg(ap, unsigned int), 16, width, false);
			break;
		case 'd':
			d = va_arg(ap, int);
			ns_put_num(&o, d < 0 ? 0u - (__u32)d : (__u32)d, 10,
				   width, d < 0);
			break;
		case '%':
			ns_put(&o, '%');
			break;
		default:
			/* Not ours: shown, so that the mistake is seen. */
			ns_put(&o, '%');
			if (!*fmt)
				fmt--;
			else
				ns_put(&o, *fmt);
		}
	}
	o.buf[o.len] = '\0';
}

void ns_fmt(char *buf, __u32 size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ns_vfmt(buf, size, fmt, ap);
	va_end(ap);
}
