/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The Wi-Fi station of a board that has a radio: when to connect, how
 * long to wait after a failure, and what to say of it. The vendor's calls
 * stay in the board (on an ESP32, esp_wifi_connect() and its events); this
 * decides, and is tested on every machine.
 *
 * With credentials, the station connects at once; a failed attempt or a
 * lost link waits a backoff (1 s, doubling to 60 s; a link that was up
 * retries after the first step), and the state says why: the password was
 * refused, or no access point of that name answered. New credentials
 * connect at once, whatever the backoff.
 */
#ifndef NETSPLIT_STATION_H
#define NETSPLIT_STATION_H

#include <netsplit/proto.h>

#define NS_STA_BACKOFF_MIN_MS 1000
#define NS_STA_BACKOFF_MAX_MS 60000
#define NS_STA_NO_TIMER	      0xffffffffu

/* Why the radio says an attempt failed, or the link went. */
enum ns_sta_reason {
	NS_STA_REASON_OTHER,
	NS_STA_REASON_AUTH,  /* the passphrase was refused */
	NS_STA_REASON_NO_AP, /* no access point with that SSID */
};

struct ns_sta_ops {
	void *ctx;
	/* Starts an attempt; its end comes as connected or disconnected. */
	int (*connect)(void *ctx, const char *ssid, const char *psk);
};

struct ns_station {
	struct ns_sta_ops ops;
	char ssid[NS_WIFI_SSID_MAX + 1];
	char psk[NS_WIFI_PSK_MAX + 1];
	__u8 state;	 /* enum ns_wifi_state */
	bool attempting; /* an attempt's end is awaited */
	__u8 bssid[6];	 /* of the access point, while connected */
	__s8 rssi;
	__u32 backoff_ms;
	__u64 next_try;
	__u32 attempts, failures;
};

void ns_sta_init(struct ns_station *st, const struct ns_sta_ops *ops);
/*
 * New credentials (psk "" for an open network): the next poll connects.
 * The ones in use, while connected or connecting, change nothing; after a
 * failure they try again at once. 0, or -1 for an SSID or passphrase a
 * station cannot use (ns_wifi_usable()), st untouched.
 */
int ns_sta_set(struct ns_station *st, const char *ssid, const char *psk,
	       __u64 now);
void ns_sta_connected(struct ns_station *st, const __u8 bssid[6], __s8 rssi);
void ns_sta_disconnected(struct ns_station *st, enum ns_sta_reason reason,
			 __u64 now);
/*
 * Starts an attempt when one is due. Returns the milliseconds until the
 * next one, or NS_STA_NO_TIMER when only an event can change anything.
 */
__u32 ns_sta_poll(struct ns_station *st, __u64 now);
/* The station as the protocol reports it. */
void ns_sta_status(const struct ns_station *st, struct ns_wifi_status *out);

#endif /* NETSPLIT_STATION_H */
