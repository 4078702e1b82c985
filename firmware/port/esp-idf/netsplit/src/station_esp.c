// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The station's vendor calls: esp_wifi under the firmware's station
 * (firmware/board/station.c, in firmware/board/mcu.c, tested on Linux),
 * which decides when to connect. This starts an attempt and turns
 * esp_wifi's events and reasons into the firmware's; the events come in
 * the event loop's task, so they take lwIP's core lock, as the firmware's
 * own task does.
 */
#include <string.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_wifi.h"
#include "lwip/tcpip.h"

#include "station_esp.h"

static const char *const TAG = "netsplit-wifi";

int ns_esp_sta_connect(void *ctx, const char *ssid, const char *psk)
{
	wifi_config_t cfg;
	esp_err_t err;

	(void)ctx;
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.sta.ssid, ssid, strnlen(ssid, sizeof(cfg.sta.ssid)));
	memcpy(cfg.sta.password, psk, strnlen(psk, sizeof(cfg.sta.password)));
	cfg.sta.threshold.authmode = *psk ? WIFI_AUTH_WPA2_PSK : WIFI_AUTH_OPEN;
	/* New credentials while associated: leave the old access point. */
	esp_wifi_disconnect();
	err = esp_wifi_set_config(WIFI_IF_STA, &cfg);
	if (!err)
		err = esp_wifi_connect();
	ns_scrub(&cfg, sizeof(cfg));
	if (err) {
		ESP_LOGW(TAG, "cannot start connecting to %s: %s", ssid,
			 esp_err_to_name(err));
		return -1;
	}
	return 0;
}

static enum ns_sta_reason ns_esp_sta_reason(uint8_t reason)
{
	switch (reason) {
	case WIFI_REASON_AUTH_FAIL:
	case WIFI_REASON_4WAY_HANDSHAKE_TIMEOUT:
	case WIFI_REASON_HANDSHAKE_TIMEOUT:
		return NS_STA_REASON_AUTH;
	case WIFI_REASON_NO_AP_FOUND:
	case WIFI_REASON_NO_AP_FOUND_W_COMPATIBLE_SECURITY:
	case WIFI_REASON_NO_AP_FOUND_IN_AUTHMODE_THRESHOLD:
	case WIFI_REASON_NO_AP_FOUND_IN_RSSI_THRESHOLD:
		return NS_STA_REASON_NO_AP;
	default:
		return NS_STA_REASON_OTHER;
	}
}

static void ns_esp_sta_event(void *arg, esp_event_base_t base, int32_t id,
			     void *data)
{
	const wifi_event_sta_disconnected_t *gone = data;
	const wifi_event_sta_connected_t *up = data;
	struct ns_mcu *mcu = arg;
	wifi_ap_record_t ap;

	(void)base;
	if (id == WIFI_EVENT_STA_CONNECTED) {
		if (esp_wifi_sta_get_ap_info(&ap) != ESP_OK)
			ap.rssi = 0;
		LOCK_TCPIP_CORE();
		ns_mcu_sta_connected(mcu, up->bssid, ap.rssi);
		UNLOCK_TCPIP_CORE();
	} else if (id == WIFI_EVENT_STA_DISCONNECTED) {
		LOCK_TCPIP_CORE();
		ns_mcu_sta_disconnected(mcu, ns_esp_sta_reason(gone->reason));
		UNLOCK_TCPIP_CORE();
	}
}

esp_err_t ns_esp_sta_events(struct ns_mcu *mcu)
{
	return esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID,
					  ns_esp_sta_event, mcu);
}
