/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The co-processor's Wi-Fi credentials on the host's side (wifi_psk.c): the
 * passphrase from a file only its owner can read, never from a command
 * line, and the set-wifi request that carries it.
 */
#ifndef NETSPLIT_WIFI_PSK_H
#define NETSPLIT_WIFI_PSK_H

#include <stddef.h>

#include <netsplit/proto.h>

/*
 * The passphrase in path ("-": standard input), its one line without the
 * newline: a regular file of the caller's or root's, which no one else
 * may read or write (0600 or 0400). 0, or -errno with err saying what is
 * wrong and what to do, never what the file holds.
 */
int ns_wifi_psk_read(const char *path, char *psk, size_t size, char *err,
		     size_t err_len);

/* m as the set-wifi request for ssid and psk ("": an open network). */
void ns_wifi_request(struct ns_msg *m, const char *ssid, const char *psk);

#endif /* NETSPLIT_WIFI_PSK_H */
