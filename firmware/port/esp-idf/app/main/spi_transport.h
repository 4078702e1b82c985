/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The bus to the host over ESP-IDF's SPI slave driver: the portable slave
 * of firmware/transport under it, the handshake and data-ready lines.
 */
#ifndef NETSPLIT_APP_SPI_TRANSPORT_H
#define NETSPLIT_APP_SPI_TRANSPORT_H

#include "esp_err.h"

/* Before netsplit_esp_start(): the host may clock from then on. */
esp_err_t ns_app_spi_start(void);

#endif /* NETSPLIT_APP_SPI_TRANSPORT_H */
