// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "station.h"

static const char *const ns_sta_names[NS_STA_STATE_COUNT] = {
	[NS_STA_NO_CREDENTIALS] = "no credentials",
	[NS_STA_CONNECTING] = "connecting",
	[NS_STA_CONNECTED] = "connected",
	[NS_STA_WRONG_PASSWORD] = "wrong password",
	[NS_STA_NO_AP] = "no AP",
};

const char *ns_sta_state_name(enum ns_sta_state state)
{
	return state < NS_STA_STATE_COUNT ? ns_sta_names[state] : "unknown";
}

static __u32 ns_sta_len(const char *s, __u32 max)
{
	__u32 n = 0;

	while (n <= max && s[n])
		n++;
	return n;
}

static bool ns_sta_hex(const char *s, __u32 n)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

void ns_sta_init(struct ns_station *st, const struct ns_sta_ops *ops)
{
	__builtin_memset(st, 0, sizeof(*st));
	st->ops = *ops;
	st->state = NS_STA_NO_CREDENTIALS;
	st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
}

/* WPA2's passphrase: 8 to 63 characters, or the 64 hex digits of a PSK. */
int ns_sta_set(struct ns_station *st, const char *ssid, const char *psk,
	       __u64 now)
{
	__u32 ssid_len = ns_sta_len(ssid, NS_STA_SSID_MAX);
	__u32 psk_len = ns_sta_len(psk, NS_STA_PSK_MAX);

	if (!ssid_len || ssid_len > NS_STA_SSID_MAX ||
	    psk_len > NS_STA_PSK_MAX || (psk_len && psk_len < 8) ||
	    (psk_len == NS_STA_PSK_MAX && !ns_sta_hex(psk, psk_len)))
		return -1;
	__builtin_memset(st->ssid, 0, sizeof(st->ssid));
	__builtin_memset(st->psk, 0, sizeof(st->psk));
	__builtin_memcpy(st->ssid, ssid, ssid_len);
	__builtin_memcpy(st->psk, psk, psk_len);
	st->state = NS_STA_CONNECTING;
	st->attempting = false;
	st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
	st->next_try = now;
	return 0;
}

void ns_sta_connected(struct ns_station *st, const __u8 bssid[6], __s8 rssi)
{
	st->state = NS_STA_CONNECTED;
	st->attempting = false;
	__builtin_memcpy(st->bssid, bssid, sizeof(st->bssid));
	st->rssi = rssi;
	st->backoff_ms = NS_STA_BACKOFF_MIN_MS;
}

void ns_sta_disconnected(struct ns_station *st, enum ns_sta_reason reason,
			 __u64 now)
{
	bool was_up = st->state == NS_STA_CONNECTED;

	if (st->state == NS_STA_NO_CREDENTIALS)
		return;
	st->attempting = false;
	__builtin_memset(st->bssid, 0, sizeof(st->bssid));
	st->rssi = 0;
	if (reason == NS_STA_REASON_AUTH)
		st->state = NS_STA_WRONG_PASSWORD;
	else if (reason == NS_STA_REASON_NO_AP)
		st->state = NS_STA_NO_AP;
	else
		st->state = NS_STA_CONNECTING;
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
	if (st->state == NS_STA_NO_CREDENTIALS ||
	    st->state == NS_STA_CONNECTED || st->attempting)
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
