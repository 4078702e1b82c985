/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Fixed-width types for the shared headers, without libc.
 *
 * A BPF program includes vmlinux.h (which defines the __u* types and bool)
 * before any netsplit header; the kernel-style types then come for free.
 * The kernel module has them from <linux/types.h>, user space from the
 * UAPI header, and a firmware build without Linux headers defines them as
 * Linux does; <stdbool.h> and <stddef.h> are the compiler's own.
 */
#ifndef NETSPLIT_TYPES_H
#define NETSPLIT_TYPES_H

#if defined(__bpf__)
/* types come from vmlinux.h */
#elif defined(__KERNEL__)
#include <linux/types.h>
#elif defined(__has_include) && __has_include(<linux/types.h>)
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#else
#include <stdbool.h>
#include <stddef.h>
/* As Linux has them everywhere (int-ll64.h), so printf formats agree. */
typedef signed char __s8;
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
_Static_assert(sizeof(__u16) == 2 && sizeof(__u32) == 4 && sizeof(__u64) == 8,
	       "the __u* types are 16, 32 and 64 bits");
#endif

/*
 * Always, as in the kernel and BPF: the UAPI headers define it as a mere
 * inline, and then gcc outlines the classifier's steps in user space. A
 * microcontroller build (NS_MCU) is the exception: there flash is what is
 * short, and the compiler decides (-Os), as no verifier counts calls.
 */
#if !defined(__bpf__) && !defined(__KERNEL__)
#undef __always_inline
#endif
#ifndef __always_inline
#ifdef NS_MCU
#define __always_inline inline
#else
#define __always_inline inline __attribute__((always_inline))
#endif
#endif

/*
 * A step of a few instructions (a load, a compare, a field): inlined on
 * every build, NS_MCU too, where a call would cost more than the step.
 */
#define NS_TINY inline __attribute__((always_inline))

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
