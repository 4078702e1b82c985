/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef NETSPLIT_RV32_SESSION_H
#define NETSPLIT_RV32_SESSION_H

/* 0, or 1 after saying what the firmware did wrong. */
int rv32_session(void);

#endif /* NETSPLIT_RV32_SESSION_H */
