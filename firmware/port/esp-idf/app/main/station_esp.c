// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * esp_wifi under the station's state machine: the machine decides when
 * to connect (firmware/board/station.c, tested on Linux); this makes the
 * calls, turns esp_wifi's events and reasons into the machine's, runs its
 * backoff on an esp_timer, and tells the firmware when the link comes and
 * goes. Events and the timer run in different tasks: a mutex keeps the
 * machine whole.
 */
#include <string.h>

#include "sdkconfig.h"

#include "esp_event.h"
#include "esp_log.h"
#include "esp_timer.h"
#include "esp_wifi.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "nvs.h"

#include "netsplit_esp.h"
#include "station.h"
#include "station_esp.h"

static const char *const TAG = "netsplit-wifi";

static struct ns_station ns_app_sta;
static SemaphoreHandle_t ns_app_sta_lock;
static esp_timer_handle_t ns_app_sta_timer;
static bool ns_app_wifi_started;

static __u64 ns_app_now(void)
{
	return (__u64)esp_timer_get_time() / 1000;
}

static int ns_app_connect(void *ctx, const char *ssid, const char *psk)
{
	wifi_config_t cfg;

	(void)ctx;
	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.sta.ssid, ssid, strnlen(ssid, sizeof(cfg.sta.ssid)));
	memcpy(cfg.sta.password, psk, strnlen(psk, sizeof(cfg.sta.password)));
	cfg.sta.threshold.authmode = *psk ? WIFI_AUTH_WPA2_PSK : WIFI_AUTH_OPEN;
	ESP_LOGI(TAG, "connecting to %s (attempt %u)", ssid,
		 (unsigned int)ns_app_sta.attempts);
	if (esp_wifi_set_config(WIFI_IF_STA, &cfg) != ESP_OK ||
	    esp_wifi_connect() != ESP_OK)
		return -1;
	return 0;
}

/* Under the lock: the due attempt, then the timer for the next one. */
static void ns_app_sta_poll(void)
{
	__u32 ms;

	if (!ns_app_wifi_started)
		return;
	ms = ns_sta_poll(&ns_app_sta, ns_app_now());
	esp_timer_stop(ns_app_sta_timer);
	if (ms != NS_STA_NO_TIMER)
		esp_timer_start_once(ns_app_sta_timer, (uint64_t)ms * 1000);
}

static void ns_app_sta_timer_fired(void *arg)
{
	(void)arg;
	xSemaphoreTake(ns_app_sta_lock, portMAX_DELAY);
	ns_app_sta_poll();
	xSemaphoreGive(ns_app_sta_lock);
}

static enum ns_sta_reason ns_app_reason(uint8_t reason)
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

static void ns_app_wifi_event(void *arg, esp_event_base_t base, int32_t id,
			      void *data)
{
	const wifi_event_sta_disconnected_t *gone = data;
	const wifi_event_sta_connected_t *up = data;
	wifi_ap_record_t ap;
	bool link = false, link_changed = false;

	(void)arg;
	(void)base;
	xSemaphoreTake(ns_app_sta_lock, portMAX_DELAY);
	if (id == WIFI_EVENT_STA_START) {
		ns_app_wifi_started = true;
	} else if (id == WIFI_EVENT_STA_CONNECTED) {
		if (esp_wifi_sta_get_ap_info(&ap) != ESP_OK)
			ap.rssi = 0;
		ns_sta_connected(&ns_app_sta, up->bssid, ap.rssi);
		link = link_changed = true;
	} else if (id == WIFI_EVENT_STA_DISCONNECTED) {
		link_changed = ns_app_sta.state == NS_STA_CONNECTED;
		ns_sta_disconnected(&ns_app_sta, ns_app_reason(gone->reason),
				    ns_app_now());
	}
	if (id == WIFI_EVENT_STA_CONNECTED || id == WIFI_EVENT_STA_DISCONNECTED)
		ESP_LOGI(TAG, "station %s",
			 ns_sta_state_name(ns_app_sta.state));
	ns_app_sta_poll();
	xSemaphoreGive(ns_app_sta_lock);
	if (link_changed)
		netsplit_esp_link(link);
}

/* The credentials the host last sent, kept in NVS; false when none. */
static bool ns_app_saved_credentials(char *ssid, size_t ssid_size, char *psk,
				     size_t psk_size)
{
	nvs_handle_t nvs;
	bool ok;

	if (nvs_open(NETSPLIT_ESP_NVS, NVS_READONLY, &nvs) != ESP_OK)
		return false;
	ok = nvs_get_str(nvs, NETSPLIT_ESP_NVS_SSID, ssid, &ssid_size) ==
		     ESP_OK &&
	     nvs_get_str(nvs, NETSPLIT_ESP_NVS_PSK, psk, &psk_size) == ESP_OK;
	nvs_close(nvs);
	return ok;
}

esp_err_t ns_app_station_start(void)
{
	const esp_timer_create_args_t timer = {
		.callback = ns_app_sta_timer_fired,
		.name = "netsplit-sta",
	};
	const struct ns_sta_ops ops = {.connect = ns_app_connect};
	char ssid[NS_STA_SSID_MAX + 1], psk[NS_STA_PSK_MAX + 1];
	esp_err_t err;

	ns_app_sta_lock = xSemaphoreCreateMutex();
	if (!ns_app_sta_lock)
		return ESP_ERR_NO_MEM;
	err = esp_timer_create(&timer, &ns_app_sta_timer);
	if (!err)
		err = esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID,
						 ns_app_wifi_event, NULL);
	if (err)
		return err;
	ns_sta_init(&ns_app_sta, &ops);
	/* The radio's link is down until the station connects. */
	netsplit_esp_link(false);
	if (!ns_app_saved_credentials(ssid, sizeof(ssid), psk, sizeof(psk))) {
		strlcpy(ssid, CONFIG_NETSPLIT_APP_SSID, sizeof(ssid));
		strlcpy(psk, CONFIG_NETSPLIT_APP_PSK, sizeof(psk));
	}
	if (!*ssid)
		ESP_LOGW(TAG, "no Wi-Fi credentials: waiting for the host's");
	else if (ns_sta_set(&ns_app_sta, ssid, psk, ns_app_now()))
		ESP_LOGE(TAG,
			 "Wi-Fi credentials for %s: not usable (SSID 1-32 "
			 "bytes, passphrase 8-63 or 64 hex)",
			 ssid);
	return ESP_OK;
}
