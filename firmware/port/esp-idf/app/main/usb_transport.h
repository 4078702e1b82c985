/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The bus to the host over USB (an ESP32-S2 or -S3's USB OTG peripheral,
 * full speed): TinyUSB's vendor class under the portable USB device end.
 */
#ifndef NETSPLIT_APP_USB_TRANSPORT_H
#define NETSPLIT_APP_USB_TRANSPORT_H

#include "esp_err.h"

/* Before netsplit_esp_start(): the host may enumerate from then on. */
esp_err_t ns_app_usb_start(void);

#endif /* NETSPLIT_APP_USB_TRANSPORT_H */
