// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * netsplit's co-processor firmware on an ESP32: NVS, lwIP's thread, the
 * radio as a station with no esp_netif of its own (the firmware's lwIP
 * netif is the station's: it classifies every frame before lwIP sees it),
 * the bus to the host (SPI or USB, as menuconfig chose), then the firmware,
 * which connects the station with the credentials the host last sent,
 * else menuconfig's.
 */
#include "esp_event.h"
#include "esp_netif.h"
#include "esp_wifi.h"
#include "nvs_flash.h"

#include "sdkconfig.h"

#include "netsplit_esp.h"
#if CONFIG_NETSPLIT_APP_TRANSPORT_USB
#include "usb_transport.h"
#define ns_app_bus_start ns_app_usb_start
#elif CONFIG_NETSPLIT_APP_TRANSPORT_SPI
#include "spi_transport.h"
#define ns_app_bus_start ns_app_spi_start
#endif

void app_main(void)
{
	wifi_init_config_t wifi = WIFI_INIT_CONFIG_DEFAULT();
	esp_err_t err = nvs_flash_init();

	if (err == ESP_ERR_NVS_NO_FREE_PAGES ||
	    err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
		ESP_ERROR_CHECK(nvs_flash_erase());
		err = nvs_flash_init();
	}
	ESP_ERROR_CHECK(err);
	/* Starts lwIP's tcpip thread; no netif is made here. */
	ESP_ERROR_CHECK(esp_netif_init());
	ESP_ERROR_CHECK(esp_event_loop_create_default());
	ESP_ERROR_CHECK(esp_wifi_init(&wifi));
	ESP_ERROR_CHECK(esp_wifi_set_storage(WIFI_STORAGE_RAM));
	ESP_ERROR_CHECK(esp_wifi_set_mode(WIFI_MODE_STA));
	ESP_ERROR_CHECK(esp_wifi_start());
	ESP_ERROR_CHECK(ns_app_bus_start());
	ESP_ERROR_CHECK(netsplit_esp_start());
	netsplit_esp_station_default(CONFIG_NETSPLIT_APP_SSID,
				     CONFIG_NETSPLIT_APP_PSK);
}
