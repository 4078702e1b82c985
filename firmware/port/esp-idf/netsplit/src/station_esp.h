/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The station's vendor calls (station_esp.c), for the board. */
#ifndef NETSPLIT_STATION_ESP_H
#define NETSPLIT_STATION_ESP_H

#include "esp_err.h"

#include "mcu.h"

/* The board's sta_connect: an attempt with esp_wifi. */
int ns_esp_sta_connect(void *ctx, const char *ssid, const char *psk);
/* esp_wifi's station events to the firmware mcu, from now on. */
esp_err_t ns_esp_sta_events(struct ns_mcu *mcu);

#endif /* NETSPLIT_STATION_ESP_H */
