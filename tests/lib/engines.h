/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engines side by side, on the same rule table: every frame a test
 * classifies goes through the native build, through the splitter
 * (BPF_PROG_TEST_RUN) and through the co-processor's core
 * (common/core/), and the test sees their answers.
 */
#ifndef NETSPLIT_TEST_ENGINES_H
#define NETSPLIT_TEST_ENGINES_H

#include <stddef.h>

#include <netsplit/result.h>
#include <netsplit/rules.h>

/* Returns 0, or -1 after printing why (e.g. not root). */
int eng_open(void);
/* Returns 0, or -1 when the corpus could not be written. */
int eng_close(void);

/*
 * From now on, also writes a corpus (tests/lib/corpus.h) of what the
 * engines were given and what they agreed on, for another engine to
 * replay. 0, or -1 after printing why.
 */
int eng_record(const char *path);

/* The table both engines use; change it, then call eng_apply(). */
struct ns_rules *eng_rules(void);
void eng_apply(void);
void eng_reset_defaults(void);
void eng_add_slave_port(__u8 proto, __u16 port);

/*
 * Empties both fragment caches. Each holds NS_FRAGS_MAX datagrams but
 * evicts on its own schedule, so a test that makes many keys resets them
 * before either is full.
 */
void eng_reset_fragments(void);

/*
 * Classifies with each, and with the native build once more without the
 * classifier's fast path; returns 0 when all four agree (the result in
 * *res), 1 when they disagree (printed), -1 when the BPF engine failed.
 */
int eng_classify(const void *frame, size_t len, struct ns_result *res);

#endif /* NETSPLIT_TEST_ENGINES_H */
