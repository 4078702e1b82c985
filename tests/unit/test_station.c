// SPDX-License-Identifier: GPL-2.0-only
/*
 * The station's state machine (firmware/board/station.c) against a radio
 * that answers as told: it connects at once with credentials and never
 * without, backs off 1, 2, 4 ... 60 s after failures and 1 s after a lost
 * link, names why (wrong password, no AP), connects at once with new
 * credentials (the same ones again change nothing while it is up), and
 * refuses credentials no station can use.
 */
#include <string.h>

#include "check.h"
#include "station.h"

struct radio {
	unsigned int connects;
	char ssid[NS_WIFI_SSID_MAX + 1], psk[NS_WIFI_PSK_MAX + 1];
	int fail; /* connect()'s answer */
};

static int radio_connect(void *ctx, const char *ssid, const char *psk)
{
	struct radio *r = ctx;

	r->connects++;
	strcpy(r->ssid, ssid);
	strcpy(r->psk, psk);
	return r->fail;
}

static const __u8 ap[6] = {0x02, 0, 0, 0, 0, 1};

static void setup(struct ns_station *st, struct radio *r)
{
	const struct ns_sta_ops ops = {r, radio_connect};

	memset(r, 0, sizeof(*r));
	ns_sta_init(st, &ops);
}

static void test_no_credentials(void)
{
	struct ns_station st;
	struct radio r;

	setup(&st, &r);
	CHECK(ns_sta_poll(&st, 0) == NS_STA_NO_TIMER && !r.connects,
	      "no credentials: no attempt, no timer");
	CHECK(!strcmp(ns_wifi_state_name[st.state], "no credentials"),
	      "state %s", ns_wifi_state_name[st.state]);
	ns_sta_disconnected(&st, NS_STA_REASON_AUTH, 5);
	CHECK(st.state == NS_WIFI_NO_CREDENTIALS,
	      "a stray event changes nothing without credentials");
}

static void test_backoff(void)
{
	static const __u32 waits[] = {1000,  2000,  4000,  8000,
				      16000, 32000, 60000, 60000};
	struct ns_station st;
	struct radio r;
	__u64 now = 100;
	unsigned int i;

	setup(&st, &r);
	CHECK(!ns_sta_set(&st, "lab", "correct horse", now), "set");
	CHECK(ns_sta_poll(&st, now) == NS_STA_NO_TIMER && r.connects == 1 &&
		      !strcmp(r.ssid, "lab") && !strcmp(r.psk, "correct horse"),
	      "credentials: an attempt at once");
	CHECK(!strcmp(ns_wifi_state_name[st.state], "connecting"), "state %s",
	      ns_wifi_state_name[st.state]);
	CHECK(ns_sta_poll(&st, now + 5000) == NS_STA_NO_TIMER &&
		      r.connects == 1,
	      "one attempt at a time");
	for (i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		ns_sta_disconnected(&st, NS_STA_REASON_AUTH, now);
		CHECK(!strcmp(ns_wifi_state_name[st.state], "wrong password"),
		      "refused: state %s", ns_wifi_state_name[st.state]);
		CHECK(ns_sta_poll(&st, now) == waits[i] && r.connects == i + 1,
		      "failure %u: the next attempt in %u ms", i + 1, waits[i]);
		now += waits[i];
		ns_sta_poll(&st, now);
		CHECK(r.connects == i + 2, "failure %u: retried after %u ms",
		      i + 1, waits[i]);
	}
	ns_sta_disconnected(&st, NS_STA_REASON_NO_AP, now);
	CHECK(!strcmp(ns_wifi_state_name[st.state], "no AP"), "state %s",
	      ns_wifi_state_name[st.state]);
	CHECK(!ns_sta_set(&st, "lab", "the right one", now + 1),
	      "new credentials");
	ns_sta_poll(&st, now + 1);
	CHECK(r.connects == 10 && !strcmp(r.psk, "the right one"),
	      "new credentials: an attempt at once, not after the backoff");
	ns_sta_connected(&st, ap, -52);
	CHECK(st.state == NS_WIFI_CONNECTED && st.rssi == -52 &&
		      !memcmp(st.bssid, ap, 6) &&
		      ns_sta_poll(&st, now + 99999) == NS_STA_NO_TIMER,
	      "connected, with the AP's BSSID and RSSI; nothing to do");
	ns_sta_disconnected(&st, NS_STA_REASON_OTHER, now + 2);
	CHECK(st.state == NS_WIFI_CONNECTING && !st.rssi &&
		      ns_sta_poll(&st, now + 2) == NS_STA_BACKOFF_MIN_MS,
	      "a lost link: connecting again after the first step");
	ns_sta_poll(&st, now + 2 + NS_STA_BACKOFF_MIN_MS);
	CHECK(r.connects == 11, "and reconnects");
}

static void test_connect_refused(void)
{
	struct ns_station st;
	struct radio r;

	setup(&st, &r);
	r.fail = -1;
	ns_sta_set(&st, "lab", "", 0);
	CHECK(ns_sta_poll(&st, 0) == NS_STA_BACKOFF_MIN_MS && r.connects == 1 &&
		      !st.attempting,
	      "a radio that refuses the attempt: backoff, not a hang");
}

static void test_refused_credentials(void)
{
	char long_ssid[40], hex64[65];
	struct ns_station st;
	struct radio r;

	setup(&st, &r);
	memset(long_ssid, 'a', 33);
	long_ssid[33] = '\0';
	memset(hex64, 'f', 64);
	hex64[64] = '\0';
	CHECK(ns_sta_set(&st, "", "password", 0) &&
		      ns_sta_set(&st, long_ssid, "password", 0) &&
		      ns_sta_set(&st, "lab", "short", 0),
	      "empty SSID, 33 bytes of SSID, 5 of passphrase: refused");
	CHECK(st.state == NS_WIFI_NO_CREDENTIALS && !st.ssid[0],
	      "and the station untouched");
	long_ssid[32] = '\0';
	CHECK(!ns_sta_set(&st, long_ssid, hex64, 0), "32 bytes, a 64-hex PSK");
	hex64[10] = 'g';
	CHECK(ns_sta_set(&st, "lab", hex64, 0),
	      "64 characters that are not hex: refused");
	CHECK(!ns_sta_set(&st, "lab", "", 0), "an open network");
	CHECK(ns_sta_set(&st, "la\tb", "", 0) &&
		      ns_sta_set(&st, "lab", "pass\nword", 0),
	      "a control character in the SSID or passphrase: refused");
}

/*
 * The host sends its credentials on every connection: the same ones
 * leave a station that is up (or on its way) alone, and retry one that
 * failed at once. The status shows the access point only while connected.
 */
static void test_same_credentials(void)
{
	struct ns_wifi_status status;
	struct ns_station st;
	struct radio r;

	setup(&st, &r);
	ns_sta_set(&st, "lab", "correct horse", 0);
	ns_sta_poll(&st, 0);
	ns_sta_connected(&st, ap, -40);
	CHECK(!ns_sta_set(&st, "lab", "correct horse", 10) &&
		      st.state == NS_WIFI_CONNECTED &&
		      ns_sta_poll(&st, 10) == NS_STA_NO_TIMER && r.connects == 1,
	      "the same credentials while connected: nothing happens");
	ns_sta_status(&st, &status);
	CHECK(status.state == NS_WIFI_CONNECTED && status.rssi == -40 &&
		      !memcmp(status.bssid, ap, 6) && !strcmp(status.ssid, "lab"),
	      "the status: connected to lab, its BSSID and RSSI");
	ns_sta_disconnected(&st, NS_STA_REASON_AUTH, 20);
	ns_sta_status(&st, &status);
	CHECK(status.state == NS_WIFI_WRONG_PASSWORD && !status.rssi &&
		      !status.bssid[0] && !status.bssid[5],
	      "after a failure: no access point in the status");
	CHECK(!ns_sta_set(&st, "lab", "correct horse", 30) &&
		      ns_sta_poll(&st, 30) == NS_STA_NO_TIMER && r.connects == 2,
	      "the same credentials after a failure: tried again at once");
	CHECK(!ns_sta_set(&st, "lab", "correct horse", 40) &&
		      ns_sta_poll(&st, 40) == NS_STA_NO_TIMER && r.connects == 2,
	      "and again while that attempt runs: still one attempt");
}

int main(void)
{
	test_no_credentials();
	test_backoff();
	test_connect_refused();
	test_refused_credentials();
	test_same_credentials();
	return check_report();
}
