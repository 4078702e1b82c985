// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The SPI slave transport: ESP-IDF's spi_slave driver posts the portable
 * slave's transactions (DMA-capable buffers, up to NS_SPI_SLAVE_SLOTS
 * ahead), its post-setup callback raises handshake when one is loaded and
 * its post-transaction callback lowers it, and data-ready too unless a
 * frame is still posted. A task of its own takes each transaction done,
 * hands the host's frame to the firmware and posts again. The slave is
 * shared with the firmware's task (netsplit_esp_transport_write), under a
 * mutex; the callbacks only read it.
 */
#include <stdint.h>
#include <string.h>

#include "sdkconfig.h"

#include "driver/gpio.h"
#include "driver/spi_slave.h"
#include "esp_heap_caps.h"
#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"

#include "netsplit_esp.h"
#include "spi_slave.h"
#include "spi_transport.h"

#define NS_APP_SPI_HOST	 SPI2_HOST
#define NS_APP_SPI_STACK 4096

static const char *const TAG = "netsplit-spi";

static struct ns_spi_slave *ns_app_slave;
static spi_slave_transaction_t ns_app_trans[NS_SPI_SLAVE_SLOTS];
static SemaphoreHandle_t ns_app_lock;

static int ns_app_post(void *ctx, unsigned int slot, const __u8 *tx, __u8 *rx,
		       bool frame)
{
	spi_slave_transaction_t *t = &ns_app_trans[slot];

	(void)ctx;
	(void)frame;
	memset(t, 0, sizeof(*t));
	t->length = NS_BUS_SPI_XFER_LEN * 8;
	t->tx_buffer = tx;
	t->rx_buffer = rx;
	t->user = (void *)(uintptr_t)slot;
	return spi_slave_queue_trans(NS_APP_SPI_HOST, t, 0) == ESP_OK ? 0 : -1;
}

static void ns_app_data_ready(void *ctx, bool high)
{
	(void)ctx;
	gpio_set_level(CONFIG_NETSPLIT_SPI_DATA_READY, high);
}

/* Interrupt context: the driver's ISR is not IRAM-only (intr_flags 0). */
static void ns_app_post_setup(spi_slave_transaction_t *t)
{
	(void)t;
	gpio_set_level(CONFIG_NETSPLIT_SPI_HANDSHAKE, 1);
}

static void ns_app_post_trans(spi_slave_transaction_t *t)
{
	gpio_set_level(CONFIG_NETSPLIT_SPI_HANDSHAKE, 0);
	if (!ns_spi_slave_keeps_data_ready(ns_app_slave,
					   (unsigned int)(uintptr_t)t->user))
		gpio_set_level(CONFIG_NETSPLIT_SPI_DATA_READY, 0);
}

int netsplit_esp_transport_write(const uint8_t *frame, uint32_t len)
{
	int ret;

	xSemaphoreTake(ns_app_lock, portMAX_DELAY);
	ret = ns_spi_slave_send(ns_app_slave, frame, len);
	xSemaphoreGive(ns_app_lock);
	return ret;
}

static void ns_app_spi_loop(void *arg)
{
	spi_slave_transaction_t *t;
	const __u8 *frame;
	__u32 len;

	(void)arg;
	for (;;) {
		if (spi_slave_get_trans_result(NS_APP_SPI_HOST, &t,
					       portMAX_DELAY) != ESP_OK)
			continue;
		xSemaphoreTake(ns_app_lock, portMAX_DELAY);
		frame = ns_spi_slave_done(
			ns_app_slave, (unsigned int)(uintptr_t)t->user, &len);
		/* The firmware copies it: the slot is posted again below. */
		if (frame)
			netsplit_esp_bus_frame(frame, len);
		ns_spi_slave_refill(ns_app_slave);
		xSemaphoreGive(ns_app_lock);
	}
}

esp_err_t ns_app_spi_start(void)
{
	const struct ns_spi_slave_ops ops = {
		.post = ns_app_post,
		.data_ready = ns_app_data_ready,
	};
	const spi_bus_config_t bus = {
		.mosi_io_num = CONFIG_NETSPLIT_SPI_MOSI,
		.miso_io_num = CONFIG_NETSPLIT_SPI_MISO,
		.sclk_io_num = CONFIG_NETSPLIT_SPI_SCLK,
		.quadwp_io_num = -1,
		.quadhd_io_num = -1,
		.max_transfer_sz = NS_BUS_SPI_XFER_LEN,
	};
	/* Mode 3, as the host's overlay says (kernel/dts). */
	const spi_slave_interface_config_t slave = {
		.spics_io_num = CONFIG_NETSPLIT_SPI_CS,
		.queue_size = NS_SPI_SLAVE_SLOTS,
		.mode = 3,
		.post_setup_cb = ns_app_post_setup,
		.post_trans_cb = ns_app_post_trans,
	};
	const gpio_config_t lines = {
		.pin_bit_mask = 1ull << CONFIG_NETSPLIT_SPI_HANDSHAKE |
				1ull << CONFIG_NETSPLIT_SPI_DATA_READY,
		.mode = GPIO_MODE_OUTPUT,
	};
	esp_err_t err;

	/* The slots are DMA buffers: word-aligned, in internal memory. */
	ns_app_slave = heap_caps_calloc(1, sizeof(*ns_app_slave),
					MALLOC_CAP_DMA | MALLOC_CAP_INTERNAL);
	ns_app_lock = xSemaphoreCreateMutex();
	if (!ns_app_slave || !ns_app_lock)
		return ESP_ERR_NO_MEM;
	err = gpio_config(&lines);
	if (err)
		return err;
	gpio_set_level(CONFIG_NETSPLIT_SPI_HANDSHAKE, 0);
	gpio_set_level(CONFIG_NETSPLIT_SPI_DATA_READY, 0);
	err = spi_slave_initialize(NS_APP_SPI_HOST, &bus, &slave,
				   SPI_DMA_CH_AUTO);
	if (err) {
		ESP_LOGE(TAG, "SPI slave: %s; check the pins in menuconfig",
			 esp_err_to_name(err));
		return err;
	}
	ns_spi_slave_init(ns_app_slave, &ops, CONFIG_NETSPLIT_SPI_MAX_HZ);
	ns_spi_slave_refill(ns_app_slave);
	return xTaskCreate(ns_app_spi_loop, "netsplit-spi", NS_APP_SPI_STACK,
			   NULL, configMAX_PRIORITIES - 5, NULL) == pdPASS
		       ? ESP_OK
		       : ESP_ERR_NO_MEM;
}
