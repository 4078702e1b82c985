/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * netsplit's firmware in an ESP-Hosted-style slave project (ESP-IDF): what
 * the project calls, and the one function it provides.
 */
#ifndef NETSPLIT_ESP_H
#define NETSPLIT_ESP_H

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"

/*
 * The NVS namespace of the firmware: the table and last network
 * ("saved"), and the station's credentials as the host last sent them.
 */
#define NETSPLIT_ESP_NVS      "netsplit"
#define NETSPLIT_ESP_NVS_SSID "wifi_ssid"
#define NETSPLIT_ESP_NVS_PSK  "wifi_psk"

/*
 * After esp_wifi_init() and nvs_flash_init(), before esp_wifi_start():
 * the firmware takes the station's frames (its receive callback) and
 * starts its loop. The project creates no esp_netif for the station: the
 * firmware's lwIP netif is the station's.
 */
esp_err_t netsplit_esp_start(void);

/* The station connected (true) or lost its access point (false). */
void netsplit_esp_link(bool up);

/* A frame the transport received from the host (bus framing, bus.h). */
void netsplit_esp_bus_frame(const uint8_t *frame, uint32_t len);

/*
 * Provided by the project: a bus frame to the host through its SPI or
 * SDIO slave transport, as one buffer. 0, or -1 when it could not go.
 */
int netsplit_esp_transport_write(const uint8_t *frame, uint32_t len);

#endif /* NETSPLIT_ESP_H */
