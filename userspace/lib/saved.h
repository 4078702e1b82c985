/* SPDX-License-Identifier: GPL-2.0-only */
/* The co-processor's state file (saved.c). */
#ifndef NETSPLIT_SAVED_H
#define NETSPLIT_SAVED_H

#include "core.h"

/* A missing file is nothing saved; a bad one is said and ignored. */
void ns_saved_load(const char *path, struct ns_core_saved *saved);
/* Writes it, or says why not. */
void ns_saved_store(const char *path, const char *uplink,
		    const struct ns_core_saved *saved);

#endif /* NETSPLIT_SAVED_H */
