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
 * The NVS namespace of the firmware: what it keeps across a reset
 * ("saved": the table, the last network, the station's credentials as
 * the host last sent them), and the subscription's passwords by name.
 */
#define NETSPLIT_ESP_NVS "netsplit"

/*
 * After esp_wifi_start() in station mode: the firmware takes the
 * station's frames (its receive callback) and events, starts its loop,
 * and connects the station with the credentials the host last sent (kept
 * in NVS). The project creates no esp_netif for the station and does not
 * connect it: the firmware's lwIP netif is the station's, and the
 * firmware decides when to connect (firmware/board/station.c).
 */
esp_err_t netsplit_esp_start(void);

/*
 * Credentials of the project's own (its menuconfig's), used until the
 * host sends some; psk "" for an open network.
 */
void netsplit_esp_station_default(const char *ssid, const char *psk);

/* A frame the transport received from the host (bus framing, bus.h). */
void netsplit_esp_bus_frame(const uint8_t *frame, uint32_t len);
/*
 * The host's driver bound to the transport anew (on USB, its reset
 * request): the firmware announces itself again (init and link events).
 */
void netsplit_esp_bus_attach(void);

/*
 * Provided by the project: a bus frame to the host through its SPI slave
 * or USB device transport, as one buffer. 0, or -1 when it could not go.
 */
int netsplit_esp_transport_write(const uint8_t *frame, uint32_t len);

#endif /* NETSPLIT_ESP_H */
