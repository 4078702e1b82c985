// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"

static const char *ns_log_ident = "netsplit";
static enum ns_log_target ns_log_target = NS_LOG_COMMAND;
static int ns_log_level;

void ns_log_verbosity(int n)
{
	ns_log_level = n;
}

int ns_log_verbose(void)
{
	return ns_log_level;
}

/* Local time to the millisecond, as a console reader wants it. */
static void ns_log_time(FILE *out)
{
	struct timespec now;
	struct tm tm;
	char when[32];

	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(out, "%s.%03ld ", when, now.tv_nsec / 1000000);
}

void ns_log_init(const char *ident, enum ns_log_target target)
{
	ns_log_ident = ident;
	ns_log_target = target;
}

enum ns_log_target ns_log_detect(void)
{
	unsigned long dev, ino;
	const char *stream = getenv("JOURNAL_STREAM");
	struct stat st;

	if (stream && sscanf(stream, "%lu:%lu", &dev, &ino) == 2 &&
	    !fstat(fileno(stderr), &st) && st.st_dev == dev &&
	    st.st_ino == ino)
		return NS_LOG_JOURNAL;
	return NS_LOG_CONSOLE;
}

void ns_log(int priority, const char *fmt, ...)
{
	static const char *const level[] = { "emerg", "alert", "crit",
					     "error", "warning", "notice",
					     "info", "debug" };
	FILE *out = stderr;
	va_list ap;

	if ((priority & 7) == LOG_DEBUG && ns_log_level < 1)
		return;
	switch (ns_log_target) {
	case NS_LOG_COMMAND:
		if (priority >= LOG_NOTICE)
			out = stdout;
		else
			fprintf(out, "%s: ", ns_log_ident);
		break;
	case NS_LOG_CONSOLE:
		ns_log_time(out);
		fprintf(out, "%s: %s: ", ns_log_ident, level[priority & 7]);
		break;
	case NS_LOG_JOURNAL:
		fprintf(out, "<%d>", priority & 7);
		break;
	}
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}
