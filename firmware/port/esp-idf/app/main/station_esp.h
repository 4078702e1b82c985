/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The Wi-Fi station: esp_wifi's calls and events under the portable state
 * machine of firmware/board/station.c.
 */
#ifndef NETSPLIT_APP_STATION_ESP_H
#define NETSPLIT_APP_STATION_ESP_H

#include "esp_err.h"

/*
 * After esp_wifi_init(), before esp_wifi_start(): the credentials from NVS
 * (as the host last sent them), else from menuconfig, else none until the
 * host sends some; the station connects once esp_wifi has started.
 */
esp_err_t ns_app_station_start(void);

#endif /* NETSPLIT_APP_STATION_ESP_H */
