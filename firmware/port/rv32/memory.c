// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware's memory, all of it static, in one file so that the image's
 * map shows it apart: the firmware (core and lwIP glue), its wake queue
 * and its fragment table at the MCU defaults (firmware/lwip/mcu.h).
 */
#include "memory.h"

struct ns_mcu rv32_fw;
struct ns_core_frame rv32_wake_queue[NS_MCU_WAKE_QUEUE];
struct ns_frag_slot rv32_frags[NS_MCU_FRAG_SLOTS];
