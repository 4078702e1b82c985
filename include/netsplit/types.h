/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Fixed-width types for the shared headers, without libc.
 *
 * A BPF program includes vmlinux.h (which defines the __u* types and bool)
 * before any netsplit header; the kernel-style types then come for free.
 * User space gets them from the UAPI header, and a firmware build without
 * Linux headers from the compiler's own freestanding <stdint.h>.
 */
#ifndef NETSPLIT_TYPES_H
#define NETSPLIT_TYPES_H

#if defined(__bpf__)
/* types come from vmlinux.h */
#elif defined(__has_include) && __has_include(<linux/types.h>)
#include <linux/types.h>
#include <stdbool.h>
#else
#include <stdbool.h>
#include <stdint.h>
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/*
 * Keeps clang from unrolling a loop whose body is large: in BPF the copies
 * cost stack for spilled registers, and the stack is 512 bytes in all.
 */
#ifdef __clang__
#define NS_NO_UNROLL _Pragma("clang loop unroll(disable)")
#else
#define NS_NO_UNROLL
#endif

#define NS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define NS_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ns_ntohs(x) __builtin_bswap16(x)
#define ns_htons(x) __builtin_bswap16(x)
#define ns_ntohl(x) __builtin_bswap32(x)
#define ns_htonl(x) __builtin_bswap32(x)
#else
#define ns_ntohs(x) (x)
#define ns_htons(x) (x)
#define ns_ntohl(x) (x)
#define ns_htonl(x) (x)
#endif

#endif /* NETSPLIT_TYPES_H */
