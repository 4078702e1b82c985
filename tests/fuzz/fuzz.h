/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the fuzz targets (libFuzzer, one file each here) share: a failed
 * property is a crash, with what failed said first, so that libFuzzer
 * keeps the input and make check replays it from tests/fuzz/crashes/.
 */
#ifndef NETSPLIT_FUZZ_H
#define NETSPLIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond, ...)                                                 \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz: %s:%d: ", __FILE__, __LINE__);  \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* NETSPLIT_FUZZ_H */
