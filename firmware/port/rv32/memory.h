/* SPDX-License-Identifier: GPL-2.0-only */
/* The firmware's memory (memory.c). */
#ifndef NETSPLIT_RV32_MEMORY_H
#define NETSPLIT_RV32_MEMORY_H

#include "mcu.h"

/* The firmware: the core inside lwIP. */
extern struct ns_mcu rv32_fw;
extern struct ns_core_frame rv32_wake_queue[NS_MCU_WAKE_QUEUE];
extern struct ns_frag_slot rv32_frags[NS_MCU_FRAG_SLOTS];

#endif /* NETSPLIT_RV32_MEMORY_H */
