/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A classification corpus: what a test did to its engines and what they
 * agreed on, written on Linux and replayed by another engine (the rv32
 * image under qemu, tests/rv32/). Little-endian records, after the magic:
 *
 *   u8 op, u16 length, length bytes of payload
 *
 *   CORPUS_TABLE   the rule table, ns_rules_to_wire()
 *   CORPUS_RESET   forget every fragment
 *   CORPUS_PORT    u8 proto, u16 port: the own stack listens there
 *   CORPUS_NAME    the name of the frames that follow (a bench class)
 *   CORPUS_FRAME   struct ns_result (4 bytes) the engines agreed on, frame
 */
#ifndef NETSPLIT_TEST_CORPUS_H
#define NETSPLIT_TEST_CORPUS_H

#include <stdio.h>

#include <netsplit/result.h>
#include <netsplit/rules.h>

#define CORPUS_MAGIC	  "NSCORP01"
#define CORPUS_MAGIC_LEN  8
#define CORPUS_RECORD_MAX 2048

enum corpus_op {
	CORPUS_TABLE = 'T',
	CORPUS_RESET = 'R',
	CORPUS_PORT = 'P',
	CORPUS_NAME = 'N',
	CORPUS_FRAME = 'F',
};

/* The writer: a stdio stream, or NULL (then every call does nothing). */
FILE *corpus_create(const char *path);
int corpus_close(FILE *f);
void corpus_table(FILE *f, const struct ns_rules *rules);
void corpus_reset(FILE *f);
void corpus_port(FILE *f, __u8 proto, __u16 port);
void corpus_name(FILE *f, const char *name);
void corpus_frame(FILE *f, const void *frame, size_t len,
		  const struct ns_result *res);

#endif /* NETSPLIT_TEST_CORPUS_H */
