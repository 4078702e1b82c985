// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "station.h"

void ns_sta_init(struct ns_station *st, const struct ns_sta_ops *ops)
{
	__builtin_memset(st, 0, sizeof(*st));
	st->ops = *ops;
	st->state = NS_WIFI_NO_CREDENTIALS;
	st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
}

/* Whether s is the text kept in field (of max characters). */
static bool ns_sta_same(const char *field, const char *s, __u16 max)
{
	__u16 len = ns_strnlen(s, max);

	return len == ns_strnlen(field, max) && ns_same(field, s, len);
}

int ns_sta_set(struct ns_station *st, const char *ssid, const char *psk,
	       __u64 now)
{
	if (!ns_wifi_usable(ssid, psk))
		return -1;
	if ((st->state == NS_WIFI_CONNECTED ||
	     st->state == NS_WIFI_CONNECTING) &&
	    ns_sta_same(st->ssid, ssid, NS_WIFI_SSID_MAX) &&
	    ns_sta_same(st->psk, psk, NS_WIFI_PSK_MAX))
		return 0;
	ns_scrub(st->ssid, sizeof(st->ssid));
	ns_scrub(st->psk, sizeof(st->psk));
	__builtin_memcpy(st->ssid, ssid, ns_strnlen(ssid, NS_WIFI_SSID_MAX));
	__builtin_memcpy(st->psk, psk, ns_strnlen(psk, NS_WIFI_PSK_MAX));
	st->state = NS_WIFI_CONNECTING;
	st->attempting = false;
	st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
	st->next_try = now;
	return 0;
}

void ns_sta_connected(struct ns_station *st, const __u8 bssid[6], __s8 rssi)
{
	st->state = NS_WIFI_CONNECTED;
	st->attempting = false;
	__builtin_memcpy(st->bssid, bssid, sizeof(st->bssid));
	st->rssi = rssi;
	st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
}

void ns_sta_disconnected(struct ns_station *st, enum ns_sta_reason reason,
			 __u64 now)
{
	bool was_up = st->state == NS_WIFI_CONNECTED;

	if (st->state == NS_WIFI_NO_CREDENTIALS)
		return;
	st->attempting = false;
	__builtin_memset(st->bssid, 0, sizeof(st->bssid));
	st->rssi = 0;
	if (reason == NS_STA_REASON_AUTH)
		st->state = NS_WIFI_WRONG_PASSWORD;
	else if (reason == NS_STA_REASON_NO_AP)
		st->state = NS_WIFI_NO_AP;
	else
		st->state = NS_WIFI_CONNECTING;
	if (was_up)
		st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
	else
		st->failures++;
	st->next_try = now + st->backoff_ms;
	st->backoff_ms = st->backoff_ms * 2 > NS_STA_BACKOFF_MAX_MS
				 ? NS_STA_BACKOFF_MAX_MS
				 : st->backoff_ms * 2;
}

__u32 ns_sta_poll(struct ns_station *st, __u64 now)
{
	if (st->state == NS_WIFI_NO_CREDENTIALS ||
	    st->state == NS_WIFI_CONNECTED || st->attempting)
		return NS_STA_NO_TIMER;
	if (now < st->next_try)
		return (__u32)(st->next_try - now);
	st->attempting = true;
	st->attempts++;
	if (st->ops.connect(st->ops.ctx, st->ssid, st->psk)) {
		ns_sta_disconnected(st, NS_STA_REASON_OTHER, now);
		return (__u32)(st->next_try - now);
	}
	return NS_STA_NO_TIMER;
}

void ns_sta_status(const struct ns_station *st, struct ns_wifi_status *out)
{
	ns_zero(out, sizeof(*out));
	out->state = st->state;
	ns_copy(out->ssid, st->ssid, sizeof(out->ssid));
	if (st->state != NS_WIFI_CONNECTED)
		return;
	ns_copy(out->bssid, st->bssid, sizeof(out->bssid));
	out->rssi = st->rssi;
}
