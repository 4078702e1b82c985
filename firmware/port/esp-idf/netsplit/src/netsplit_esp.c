// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The ESP-IDF board: vendor calls only. The radio is esp_wifi's station
 * (its receive callback, esp_wifi_internal_tx, its connection in
 * station_esp.c), the bus the project's
 * transport, the wake line a GPIO, flash NVS. The firmware runs in a task
 * of its own, under lwIP's core lock.
 * Everything else is in the layers built and tested on Linux and rv32:
 * the core (common/core), the lwIP glue (firmware/lwip), kconfig.c.
 */
#include <stdlib.h>
#include <string.h>

#include "driver/gpio.h"
#include "esp_log.h"
#include "esp_private/wifi.h"
#include "esp_timer.h"
#include "esp_wifi.h"
#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"
#include "freertos/task.h"
#include "lwip/tcpip.h"
#include "nvs.h"

#include "sdkconfig.h"

#include "kconfig.h"
#include "mcu.h"
#include "netsplit_esp.h"
#include "station_esp.h"

/*
 * The firmware enters lwIP from its own task under the core lock; without
 * core locking LOCK_TCPIP_CORE() is empty and nothing would be locked.
 * Kconfig selects it; this stops a build that got around that.
 */
#if !CONFIG_LWIP_TCPIP_CORE_LOCKING
#error "netsplit needs CONFIG_LWIP_TCPIP_CORE_LOCKING=y (Component config > LWIP)"
#endif

#define NS_ESP_NVS_SAVED "saved"
/*
 * The firmware task's stack: the core's deepest path (a new network, its
 * table's digest over the wire form) takes about 6 KiB on rv32.
 */
#define NS_ESP_STACK 8192
#define NS_ESP_QUEUE 32

static const char *const TAG = "netsplit";

static struct ns_mcu ns_esp_fw;
static struct ns_core_frame ns_esp_queue[CONFIG_NETSPLIT_WAKE_QUEUE];
static struct ns_frag_slot ns_esp_frags[CONFIG_NETSPLIT_FRAG_SLOTS];
static struct ns_core_saved ns_esp_saved;
static esp_timer_handle_t ns_esp_wake_end;
static QueueHandle_t ns_esp_in;

static __u64 ns_esp_now(void *ctx)
{
	(void)ctx;
	return (__u64)esp_timer_get_time() / 1000;
}

static int ns_esp_uplink_send(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	return esp_wifi_internal_tx(WIFI_IF_STA, (void *)frame,
				    (uint16_t)len) == ESP_OK
		       ? 0
		       : -1;
}

static int ns_esp_bus_write(void *ctx, const __u8 *frame, __u32 len)
{
	(void)ctx;
	return netsplit_esp_transport_write(frame, len);
}

static void ns_esp_wake_lower(void *arg)
{
	(void)arg;
	gpio_set_level(CONFIG_NETSPLIT_WAKE_GPIO, 0);
}

/* A pulse on the wake line; a timer ends it, the lock is not held. */
static void ns_esp_wake(void *ctx, __u8 reason, __u8 rule)
{
	(void)ctx;
	ESP_LOGI(TAG, "waking the host (reason %u, rule %u)", reason, rule);
	gpio_set_level(CONFIG_NETSPLIT_WAKE_GPIO, 1);
	esp_timer_stop(ns_esp_wake_end);
	esp_timer_start_once(ns_esp_wake_end,
			     CONFIG_NETSPLIT_WAKE_PULSE_MS * 1000ull);
}

static void ns_esp_save(void *ctx, const struct ns_core_saved *saved)
{
	nvs_handle_t nvs;

	(void)ctx;
	if (nvs_open(NETSPLIT_ESP_NVS, NVS_READWRITE, &nvs) != ESP_OK)
		return;
	if (nvs_set_blob(nvs, NS_ESP_NVS_SAVED, saved, sizeof(*saved)) ||
	    nvs_commit(nvs))
		ESP_LOGW(TAG, "cannot keep the table, network and Wi-Fi "
			      "credentials in NVS");
	nvs_close(nvs);
}

static bool ns_esp_load(struct ns_core_saved *saved)
{
	size_t len = sizeof(*saved);
	nvs_handle_t nvs;
	esp_err_t err;

	if (nvs_open(NETSPLIT_ESP_NVS, NVS_READONLY, &nvs) != ESP_OK)
		return false;
	err = nvs_get_blob(nvs, NS_ESP_NVS_SAVED, saved, &len);
	nvs_close(nvs);
	return err == ESP_OK && len == sizeof(*saved);
}

static int ns_esp_password(void *ctx, const char *name, char *buf, size_t size)
{
	nvs_handle_t nvs;
	esp_err_t err;

	(void)ctx;
	if (nvs_open(NETSPLIT_ESP_NVS, NVS_READONLY, &nvs) != ESP_OK)
		return -1;
	err = nvs_get_str(nvs, name, buf, &size);
	nvs_close(nvs);
	return err == ESP_OK ? 0 : -1;
}

static void ns_esp_log(void *ctx, int level, const char *line)
{
	(void)ctx;
	if (level <= NS_CORE_ERR)
		ESP_LOGE(TAG, "%s", line);
	else if (level == NS_CORE_WARNING)
		ESP_LOGW(TAG, "%s", line);
	else
		ESP_LOGI(TAG, "%s", line);
}

/*
 * Frames from the radio and the bus wait in a queue for the firmware's own
 * task, whose stack is big enough for the core (NS_ESP_STACK): neither the
 * Wi-Fi task nor the transport's has room, or time, for a classification
 * that may encode a message.
 */
struct ns_esp_in {
	uint32_t len;
	bool bus;
	uint8_t frame[];
};

static bool ns_esp_queue_frame(const void *frame, uint32_t len, bool bus)
{
	struct ns_esp_in *in = malloc(sizeof(*in) + len);

	if (!in)
		return false;
	in->len = len;
	in->bus = bus;
	memcpy(in->frame, frame, len);
	if (xQueueSend(ns_esp_in, &in, 0) != pdTRUE) {
		free(in);
		return false;
	}
	return true;
}

/* The station's frames: the radio's buffer is given back at once. */
static esp_err_t ns_esp_wifi_rx(void *buffer, uint16_t len, void *eb)
{
	ns_esp_queue_frame(buffer, len, false);
	esp_wifi_internal_free_rx_buffer(eb);
	return ESP_OK;
}

void netsplit_esp_station_default(const char *ssid, const char *psk)
{
	LOCK_TCPIP_CORE();
	ns_mcu_sta_default(&ns_esp_fw, ssid, psk);
	UNLOCK_TCPIP_CORE();
}

void netsplit_esp_bus_frame(const uint8_t *frame, uint32_t len)
{
	if (!ns_esp_queue_frame(frame, len, true))
		ESP_LOGW(TAG, "a bus frame of %u bytes dropped: no room",
			 (unsigned int)len);
}

void netsplit_esp_bus_attach(void)
{
	LOCK_TCPIP_CORE();
	ns_mcu_bus_attach(&ns_esp_fw);
	UNLOCK_TCPIP_CORE();
}

static void ns_esp_loop(void *arg)
{
	struct ns_esp_in *in;
	uint32_t ms = 0;

	(void)arg;
	for (;;) {
		if (xQueueReceive(ns_esp_in, &in, pdMS_TO_TICKS(ms))) {
			LOCK_TCPIP_CORE();
			if (in->bus)
				ns_mcu_bus_frame(&ns_esp_fw, in->frame,
						 in->len);
			else
				ns_mcu_uplink_frame(&ns_esp_fw, in->frame,
						    (__u16)in->len);
			UNLOCK_TCPIP_CORE();
			free(in);
		}
		LOCK_TCPIP_CORE();
		ms = ns_mcu_poll(&ns_esp_fw);
		UNLOCK_TCPIP_CORE();
	}
}

esp_err_t netsplit_esp_start(void)
{
	const struct ns_mcu_board board = {
		.now = ns_esp_now,
		.uplink_send = ns_esp_uplink_send,
		.bus_write = ns_esp_bus_write,
		.sta_connect = ns_esp_sta_connect,
		.wake = ns_esp_wake,
		.save = ns_esp_save,
		.password = ns_esp_password,
		.log = ns_esp_log,
	};
	const esp_timer_create_args_t pulse = {.callback = ns_esp_wake_lower,
					       .name = "netsplit-wake"};
	static struct ns_rules config;
	struct ns_esp_settings set;
	struct ns_problem problem;
	uint8_t mac[6];
	esp_err_t err;

	if (ns_esp_config(&config, &set, &problem)) {
		ESP_LOGE(TAG, "menuconfig: %s: %s", problem.field,
			 problem.rule);
		return ESP_ERR_INVALID_ARG;
	}
	err = esp_wifi_get_mac(WIFI_IF_STA, mac);
	if (!err)
		err = gpio_set_direction(CONFIG_NETSPLIT_WAKE_GPIO,
					 GPIO_MODE_OUTPUT);
	if (!err)
		err = esp_timer_create(&pulse, &ns_esp_wake_end);
	if (err)
		return err;
	ns_esp_in = xQueueCreate(NS_ESP_QUEUE, sizeof(struct ns_esp_in *));
	if (!ns_esp_in)
		return ESP_ERR_NO_MEM;
	LOCK_TCPIP_CORE();
	ns_mcu_start(&ns_esp_fw, &board, mac, 1500, &set.core, ns_esp_queue,
		     set.wake_queue, ns_esp_frags, set.frag_slots,
		     ns_esp_load(&ns_esp_saved) ? &ns_esp_saved : NULL,
		     &config);
	UNLOCK_TCPIP_CORE();
	ns_scrub(&ns_esp_saved, sizeof(ns_esp_saved));
	err = esp_wifi_internal_reg_rxcb(WIFI_IF_STA, ns_esp_wifi_rx);
	if (!err)
		err = ns_esp_sta_events(&ns_esp_fw);
	if (err)
		return err;
	return xTaskCreate(ns_esp_loop, "netsplit", NS_ESP_STACK, NULL,
			   tskIDLE_PRIORITY + 5, NULL) == pdPASS
		       ? ESP_OK
		       : ESP_ERR_NO_MEM;
}
