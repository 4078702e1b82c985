// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The USB transport: TinyUSB's vendor class, unbuffered (the sdkconfig
 * sets CONFIG_TINYUSB_VENDOR_RX_BUFSIZE and _TX_BUFSIZE to 0), so that a
 * write is one bulk IN transfer and a read comes as the endpoint took it;
 * the portable end (common/usb_device.c) makes the descriptors, pads and
 * queues the frames and puts the host's back together, exactly as the
 * FunctionFS end of netsplit-fw does on Linux. The host's driver
 * (kernel/usb.c) binds with a vendor reset request, answered here with the
 * firmware's init event. TinyUSB's task completes transfers and reads;
 * the firmware's task writes; a mutex keeps them apart, and no callback
 * takes lwIP's lock while holding it.
 */
#include <stdio.h>
#include <string.h>

#include "sdkconfig.h"

#include "esp_heap_caps.h"
#include "esp_log.h"
#include "esp_mac.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "tinyusb.h"
#include "tinyusb_default_config.h"

#include "netsplit_esp.h"
#include "usb_device.h"
#include "usb_transport.h"

#define NS_APP_USB_CONFIG_LEN (TUD_CONFIG_DESC_LEN + NS_USB_DEVICE_DESC_LEN)
#define NS_APP_USB_EP	      1
#define NS_APP_USB_STR_IFACE  4

static const char *const TAG = "netsplit-usb";

static struct ns_usb_device *ns_app_usb;
static SemaphoreHandle_t ns_app_usb_lock;
static uint8_t ns_app_usb_config[NS_APP_USB_CONFIG_LEN];
static char ns_app_usb_serial[13];

/* The class is the interface's (vendor-specific), as bus.h says. */
static const tusb_desc_device_t ns_app_usb_device = {
	.bLength = sizeof(tusb_desc_device_t),
	.bDescriptorType = TUSB_DESC_DEVICE,
	.bcdUSB = 0x0200,
	.bMaxPacketSize0 = CFG_TUD_ENDPOINT0_SIZE,
	.idVendor = CONFIG_NETSPLIT_USB_VID,
	.idProduct = CONFIG_NETSPLIT_USB_PID,
	.bcdDevice = 0x0100,
	.iManufacturer = 1,
	.iProduct = 2,
	.iSerialNumber = 3,
	.bNumConfigurations = 1,
};

static const char *ns_app_usb_strings[] = {
	(const char[]){0x09, 0x04}, "netsplit", "netsplit co-processor",
	ns_app_usb_serial, "netsplit bus",
};

static int ns_app_usb_submit(void *ctx, const __u8 *buf, __u32 len)
{
	(void)ctx;
	return tud_vendor_n_write(0, buf, len) == len ? 0 : -1;
}

int netsplit_esp_transport_write(const uint8_t *frame, uint32_t len)
{
	int ret;

	xSemaphoreTake(ns_app_usb_lock, portMAX_DELAY);
	ret = ns_usb_device_send(ns_app_usb, frame, len);
	xSemaphoreGive(ns_app_usb_lock);
	return ret;
}

/* TinyUSB's task: what the bulk OUT endpoint took, as it took it. */
void tud_vendor_rx_cb(uint8_t idx, const uint8_t *buffer, uint32_t bufsize)
{
	const __u8 *frame;
	__u32 len;

	(void)idx;
	xSemaphoreTake(ns_app_usb_lock, portMAX_DELAY);
	frame = ns_usb_device_received(ns_app_usb, buffer, bufsize,
				       bufsize < CFG_TUD_VENDOR_RX_EPSIZE, &len);
	/* The firmware copies it into its queue. */
	if (frame)
		netsplit_esp_bus_frame(frame, len);
	xSemaphoreGive(ns_app_usb_lock);
}

void tud_vendor_tx_cb(uint8_t idx, uint32_t sent_bytes)
{
	(void)idx;
	(void)sent_bytes;
	xSemaphoreTake(ns_app_usb_lock, portMAX_DELAY);
	ns_usb_device_sent(ns_app_usb);
	xSemaphoreGive(ns_app_usb_lock);
}

/* The reset request is taken; any other request is stalled. */
bool tud_vendor_control_xfer_cb(uint8_t rhport, uint8_t stage,
				tusb_control_request_t const *request)
{
	if (request->bmRequestType_bit.type != TUSB_REQ_TYPE_VENDOR ||
	    request->bmRequestType_bit.recipient != TUSB_REQ_RCPT_INTERFACE ||
	    request->bRequest != NS_BUS_USB_REQ_RESET || request->wLength)
		return false;
	if (stage != CONTROL_STAGE_SETUP)
		return true;
	if (!tud_control_status(rhport, request))
		return false;
	netsplit_esp_bus_attach();
	return true;
}

/* Configured by a host, or gone: what was queued for the last goes. */
static void ns_app_usb_event(tinyusb_event_t *event, void *arg)
{
	(void)arg;
	if (event->id != TINYUSB_EVENT_ATTACHED &&
	    event->id != TINYUSB_EVENT_DETACHED)
		return;
	xSemaphoreTake(ns_app_usb_lock, portMAX_DELAY);
	ns_usb_device_configured(ns_app_usb,
				 event->id == TINYUSB_EVENT_ATTACHED);
	xSemaphoreGive(ns_app_usb_lock);
}

esp_err_t ns_app_usb_start(void)
{
	static const uint8_t config_head[] = {TUD_CONFIG_DESCRIPTOR(
		1, 1, 0, NS_APP_USB_CONFIG_LEN,
		TUSB_DESC_CONFIG_ATT_REMOTE_WAKEUP, 100)};
	const struct ns_usb_device_ops ops = {.submit = ns_app_usb_submit};
	tinyusb_config_t config = TINYUSB_DEFAULT_CONFIG(ns_app_usb_event);
	uint8_t mac[6];
	esp_err_t err;

	/* The slots are transfer buffers: word-aligned, in internal memory. */
	ns_app_usb = heap_caps_calloc(1, sizeof(*ns_app_usb),
				      MALLOC_CAP_DMA | MALLOC_CAP_INTERNAL);
	ns_app_usb_lock = xSemaphoreCreateMutex();
	if (!ns_app_usb || !ns_app_usb_lock)
		return ESP_ERR_NO_MEM;
	/* One transfer at a time: unbuffered, the class has one. */
	ns_usb_device_init(ns_app_usb, &ops, 1);
	memcpy(ns_app_usb_config, config_head, sizeof(config_head));
	ns_usb_device_descriptors(ns_app_usb_config + TUD_CONFIG_DESC_LEN, 0,
				  NS_APP_USB_STR_IFACE,
				  TUSB_DIR_IN_MASK | NS_APP_USB_EP,
				  NS_APP_USB_EP, NS_BUS_USB_FS_MAXP);
	err = esp_read_mac(mac, ESP_MAC_WIFI_STA);
	if (err)
		return err;
	snprintf(ns_app_usb_serial, sizeof(ns_app_usb_serial),
		 "%02x%02x%02x%02x%02x%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	config.descriptor.device = &ns_app_usb_device;
	config.descriptor.full_speed_config = ns_app_usb_config;
	config.descriptor.string = ns_app_usb_strings;
	config.descriptor.string_count =
		sizeof(ns_app_usb_strings) / sizeof(ns_app_usb_strings[0]);
	err = tinyusb_driver_install(&config);
	if (err)
		ESP_LOGE(TAG, "TinyUSB: %s", esp_err_to_name(err));
	return err;
}
