/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The frame classes every bench measures (bench.c on BPF and the native
 * build, the firmware on rv32 through fwcorpus.c), and the table they are
 * measured under: one definition, so the figures compare.
 */
#ifndef NETSPLIT_BENCH_CLASSES_H
#define NETSPLIT_BENCH_CLASSES_H

#include <netsplit/rules.h>

#include "frames.h"

#define BENCH_CLASSES 7
/* classes[] index of the MQTT wake PUBLISH. */
#define BENCH_CLASS_MQTT 5

struct bench_class {
	const char *name;
	__u8 frame[FR_MAX];
	size_t len;
	__u8 host_state;
};

/* Fills classes and the table (the test addresses, defaults otherwise). */
void bench_classes(struct bench_class classes[BENCH_CLASSES],
		   struct ns_rules *rules);

#endif /* NETSPLIT_BENCH_CLASSES_H */
