// SPDX-License-Identifier: GPL-2.0-only
/*
 * fwcorpus FILE: the bench classes (classes.c) as a corpus
 * (tests/lib/corpus.h) for the firmware's bench on rv32: per class its
 * name, its table and its frame with the native build's verdict, which the
 * image checks before it counts instructions.
 */
#include <stdio.h>

#include "classes.h"
#include "corpus.h"
#include "native.h"

int main(int argc, char **argv)
{
	static struct bench_class classes[BENCH_CLASSES];
	struct ns_native *native;
	struct ns_rules rules;
	struct ns_result res;
	FILE *f;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: fwcorpus FILE\n");
		return 2;
	}
	bench_classes(classes, &rules);
	native = ns_native_new(&rules);
	f = corpus_create(argv[1]);
	if (!native || !f) {
		perror(native ? argv[1] : "fwcorpus: the native engine");
		return 1;
	}
	for (i = 0; i < BENCH_CLASSES; i++) {
		rules.table.host_state = classes[i].host_state;
		*ns_native_rules(native) = rules;
		ns_native_classify(native, classes[i].frame, classes[i].len,
				   &res);
		corpus_name(f, classes[i].name);
		corpus_table(f, &rules);
		corpus_frame(f, classes[i].frame, classes[i].len, &res);
	}
	ns_native_free(native);
	if (corpus_close(f)) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
