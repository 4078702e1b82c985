// SPDX-License-Identifier: GPL-2.0-only
/*
 * FunctionFS at the co-processor's end (usbffs.h). The function is one
 * vendor-specific interface with a bulk IN (ep1) and a bulk OUT (ep2)
 * endpoint; FunctionFS gives them the addresses the device controller has,
 * whatever ours say.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/functionfs.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "usbffs.h"

#define NS_USBFFS_NAME "netsplit co-processor"
/* aio_data: the generation, whether a write, and the slot. */
#define NS_USBFFS_TX_BIT (1u << 31)

struct ns_usbffs_descriptors {
	struct usb_functionfs_descs_head_v2 head;
	__le32 fs_count, hs_count, ss_count;
	__u8 fs[NS_USB_DEVICE_DESC_LEN];
	__u8 hs[NS_USB_DEVICE_DESC_LEN];
	/* The interface, then each endpoint with its companion. */
	__u8 ss[NS_USB_DEVICE_DESC_LEN + 2 * USB_DT_SS_EP_COMP_SIZE];
} __attribute__((packed));

struct ns_usbffs_strings {
	struct usb_functionfs_strings_head head;
	__le16 language;
	char name[sizeof(NS_USBFFS_NAME)];
} __attribute__((packed));

static long ns_aio_setup(unsigned int nr, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

static long ns_aio_submit(aio_context_t ctx, struct iocb *iocb)
{
	return syscall(SYS_io_submit, ctx, 1, &iocb);
}

static long ns_aio_getevents(aio_context_t ctx, struct io_event *events,
			     long nr)
{
	struct timespec none = {0};

	return syscall(SYS_io_getevents, ctx, 0, nr, events, &none);
}

static void ns_usbffs_ss(__u8 *ss)
{
	const __u8 comp[USB_DT_SS_EP_COMP_SIZE] = {USB_DT_SS_EP_COMP_SIZE,
						   USB_DT_SS_ENDPOINT_COMP};
	__u8 plain[NS_USB_DEVICE_DESC_LEN];

	ns_usb_device_descriptors(plain, 0, 1, USB_DIR_IN | 1, USB_DIR_OUT | 2,
				  NS_BUS_USB_SS_MAXP);
	memcpy(ss, plain, USB_DT_INTERFACE_SIZE + USB_DT_ENDPOINT_SIZE);
	ss += USB_DT_INTERFACE_SIZE + USB_DT_ENDPOINT_SIZE;
	memcpy(ss, comp, sizeof(comp));
	ss += sizeof(comp);
	memcpy(ss, plain + USB_DT_INTERFACE_SIZE + USB_DT_ENDPOINT_SIZE,
	       USB_DT_ENDPOINT_SIZE);
	memcpy(ss + USB_DT_ENDPOINT_SIZE, comp, sizeof(comp));
}

static int ns_usbffs_write_all(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len) == (ssize_t)len ? 0 : -errno;
}

static int ns_usbffs_describe(struct ns_usbffs *u)
{
	struct ns_usbffs_descriptors d = {
		.head = {.magic = htole32(FUNCTIONFS_DESCRIPTORS_MAGIC_V2),
			 .length = htole32(sizeof(d)),
			 .flags = htole32(FUNCTIONFS_HAS_FS_DESC |
					  FUNCTIONFS_HAS_HS_DESC |
					  FUNCTIONFS_HAS_SS_DESC)},
		.fs_count = htole32(3),
		.hs_count = htole32(3),
		.ss_count = htole32(5),
	};
	struct ns_usbffs_strings s = {
		.head = {.magic = htole32(FUNCTIONFS_STRINGS_MAGIC),
			 .length = htole32(sizeof(s)),
			 .str_count = htole32(1),
			 .lang_count = htole32(1)},
		.language = htole16(0x0409),
		.name = NS_USBFFS_NAME,
	};
	int ret;

	ns_usb_device_descriptors(d.fs, 0, 1, USB_DIR_IN | 1, USB_DIR_OUT | 2,
				  NS_BUS_USB_FS_MAXP);
	ns_usb_device_descriptors(d.hs, 0, 1, USB_DIR_IN | 1, USB_DIR_OUT | 2,
				  NS_BUS_USB_HS_MAXP);
	ns_usbffs_ss(d.ss);
	ret = ns_usbffs_write_all(u->ep0, &d, sizeof(d));
	if (!ret)
		ret = ns_usbffs_write_all(u->ep0, &s, sizeof(s));
	if (ret)
		ns_log(LOG_ERR,
		       "%s/ep0 refused netsplit's descriptors: %s; is the "
		       "gadget already bound, or another program the function?",
		       u->dir, strerror(-ret));
	return ret;
}

static int ns_usbffs_open_file(struct ns_usbffs *u, const char *name, int flags)
{
	char path[4096];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", u->dir, name);
	fd = open(path, flags | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	ret = -errno;
	ns_log(LOG_ERR,
	       "cannot open %s: %s; mount the gadget's FunctionFS instance "
	       "there (mount -t functionfs NAME %s, docs/usb.md)",
	       path, strerror(-ret), u->dir);
	return ret;
}

static int ns_usbffs_submit(void *ctx, const __u8 *buf, __u32 len)
{
	struct ns_usbffs *u = ctx;
	unsigned int slot = u->tx_next % NS_USBFFS_TX;
	struct iocb *iocb = &u->tx_iocb[slot];

	if (!u->enabled)
		return -1;
	*iocb = (struct iocb){
		.aio_data =
			(__u64)u->generation << 32 | NS_USBFFS_TX_BIT | slot,
		.aio_lio_opcode = IOCB_CMD_PWRITE,
		.aio_fildes = (__u32)u->ep_in,
		.aio_buf = (__u64)(unsigned long)buf,
		.aio_nbytes = len,
		.aio_flags = IOCB_FLAG_RESFD,
		.aio_resfd = (__u32)u->event_fd,
	};
	if (ns_aio_submit(u->aio, iocb) != 1) {
		ns_log(LOG_WARNING, "%s/ep1: cannot start a transfer: %s",
		       u->dir, strerror(errno));
		return -1;
	}
	u->tx_next++;
	return 0;
}

static void ns_usbffs_post_read(struct ns_usbffs *u, unsigned int slot)
{
	struct iocb *iocb = &u->rx_iocb[slot];

	*iocb = (struct iocb){
		.aio_data = (__u64)u->generation << 32 | slot,
		.aio_lio_opcode = IOCB_CMD_PREAD,
		.aio_fildes = (__u32)u->ep_out,
		.aio_buf = (__u64)(unsigned long)u->rx_buf[slot],
		.aio_nbytes = NS_USBFFS_RX_BUF,
		.aio_flags = IOCB_FLAG_RESFD,
		.aio_resfd = (__u32)u->event_fd,
	};
	if (ns_aio_submit(u->aio, iocb) == 1)
		u->rx_posted[slot] = true;
	else
		ns_log(LOG_WARNING, "%s/ep2: cannot post a read: %s", u->dir,
		       strerror(errno));
}

/* Every read not still posted from before a disable. */
static void ns_usbffs_enable(struct ns_usbffs *u)
{
	unsigned int i;

	u->enabled = true;
	ns_log(LOG_INFO, "%s: a host configured the device", u->dir);
	ns_usb_device_configured(&u->dev, true);
	for (i = 0; i < NS_USBFFS_RX; i++)
		if (!u->rx_posted[i])
			ns_usbffs_post_read(u, i);
}

static void ns_usbffs_disable(struct ns_usbffs *u)
{
	if (!u->enabled)
		return;
	u->enabled = false;
	u->generation++;
	ns_log(LOG_INFO, "%s: the host is gone (unplugged or reset)", u->dir);
	ns_usb_device_configured(&u->dev, false);
}

/*
 * The reset request is taken by reading its (empty) data stage; anything
 * else is stalled by going the other way.
 */
static void ns_usbffs_setup(struct ns_usbffs *u,
			    const struct usb_ctrlrequest *req)
{
	bool in = req->bRequestType & USB_DIR_IN;
	int ret;

	if (req->bRequestType ==
		    (USB_DIR_OUT | USB_TYPE_VENDOR | USB_RECIP_INTERFACE) &&
	    req->bRequest == NS_BUS_USB_REQ_RESET && !req->wLength) {
		if (read(u->ep0, NULL, 0) < 0)
			ns_log(LOG_WARNING,
			       "%s/ep0: answering the reset request: %s",
			       u->dir, strerror(errno));
		u->ops.reset(u->ops.ctx);
		return;
	}
	ns_log(LOG_DEBUG, "%s: request %#x of type %#x stalled", u->dir,
	       req->bRequest, req->bRequestType);
	ret = in ? (int)read(u->ep0, NULL, 0) : (int)write(u->ep0, NULL, 0);
	(void)ret;
}

static void ns_usbffs_ep0(struct ns_usbffs *u)
{
	struct usb_functionfs_event ev[4];
	ssize_t n;
	int i;

	while ((n = read(u->ep0, ev, sizeof(ev))) > 0) {
		for (i = 0; i < n / (ssize_t)sizeof(ev[0]); i++) {
			switch (ev[i].type) {
			case FUNCTIONFS_ENABLE:
				ns_usbffs_enable(u);
				break;
			case FUNCTIONFS_DISABLE:
			case FUNCTIONFS_UNBIND:
				ns_usbffs_disable(u);
				break;
			case FUNCTIONFS_SETUP:
				ns_usbffs_setup(u, &ev[i].u.setup);
				break;
			default:
				break;
			}
		}
	}
}

static void ns_usbffs_read_done(struct ns_usbffs *u, unsigned int slot,
				bool current, long res)
{
	const __u8 *frame;
	__u32 len;

	u->rx_posted[slot] = false;
	if (current && res >= 0) {
		frame = ns_usb_device_received(&u->dev, u->rx_buf[slot],
					       (__u32)res,
					       res < NS_USBFFS_RX_BUF, &len);
		if (frame)
			u->ops.frame(u->ops.ctx, frame, len);
	} else if (current && res != -ESHUTDOWN) {
		ns_log(LOG_WARNING, "%s/ep2: a read failed: %s", u->dir,
		       strerror((int)-res));
	}
	if (u->enabled)
		ns_usbffs_post_read(u, slot);
}

static void ns_usbffs_completions(struct ns_usbffs *u)
{
	struct io_event ev[NS_USBFFS_RX + NS_USBFFS_TX];
	__u64 count;
	long n, i;
	bool current;

	if (read(u->event_fd, &count, sizeof(count)) != sizeof(count))
		return;
	while ((n = ns_aio_getevents(u->aio, ev, NS_USBFFS_RX + NS_USBFFS_TX)) >
	       0) {
		for (i = 0; i < n; i++) {
			current = ev[i].data >> 32 == u->generation;
			if (!(ev[i].data & NS_USBFFS_TX_BIT)) {
				ns_usbffs_read_done(
					u, (unsigned int)(ev[i].data & 0xffff),
					current, (long)ev[i].res);
				continue;
			}
			if (!current)
				continue;
			if ((long)ev[i].res < 0)
				ns_log(LOG_WARNING,
				       "%s/ep1: a transfer failed: %s", u->dir,
				       strerror((int)-ev[i].res));
			ns_usb_device_sent(&u->dev);
		}
	}
}

void ns_usbffs_process(struct ns_usbffs *u)
{
	ns_usbffs_ep0(u);
	ns_usbffs_completions(u);
}

int ns_usbffs_send(struct ns_usbffs *u, const __u8 *frame, __u32 len)
{
	return ns_usb_device_send(&u->dev, frame, len);
}

static int ns_usbffs_watch(struct ns_usbffs *u, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};

	return epoll_ctl(u->fd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int ns_usbffs_open(struct ns_usbffs *u, const char *dir,
		   const struct ns_usbffs_ops *ops)
{
	const struct ns_usb_device_ops dev_ops = {
		.ctx = u,
		.submit = ns_usbffs_submit,
	};
	int ret;

	memset(u, 0, sizeof(*u));
	u->dir = dir;
	u->ops = *ops;
	u->ep_in = u->ep_out = u->event_fd = u->fd = -1;
	ns_usb_device_init(&u->dev, &dev_ops, NS_USBFFS_TX);
	u->ep0 = ns_usbffs_open_file(u, "ep0", O_RDWR);
	if (u->ep0 < 0)
		return u->ep0;
	ret = ns_usbffs_describe(u);
	if (ret)
		goto fail;
	/* The endpoint files exist once the descriptors are in. */
	u->ep_in = ns_usbffs_open_file(u, "ep1", O_RDWR | O_NONBLOCK);
	u->ep_out = ns_usbffs_open_file(u, "ep2", O_RDWR | O_NONBLOCK);
	if (u->ep_in < 0 || u->ep_out < 0) {
		ret = u->ep_in < 0 ? u->ep_in : u->ep_out;
		goto fail;
	}
	u->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	u->fd = epoll_create1(EPOLL_CLOEXEC);
	if (u->event_fd < 0 || u->fd < 0 ||
	    fcntl(u->ep0, F_SETFL, O_NONBLOCK) ||
	    ns_aio_setup(NS_USBFFS_RX + NS_USBFFS_TX, &u->aio)) {
		ret = -errno;
		ns_log(LOG_ERR, "%s: cannot set up asynchronous I/O: %s",
		       u->dir, strerror(-ret));
		goto fail;
	}
	ret = ns_usbffs_watch(u, u->ep0);
	if (!ret)
		ret = ns_usbffs_watch(u, u->event_fd);
	if (ret)
		goto fail;
	return 0;

fail:
	ns_usbffs_close(u);
	return ret;
}

void ns_usbffs_close(struct ns_usbffs *u)
{
	if (u->aio)
		syscall(SYS_io_destroy, u->aio);
	if (u->fd >= 0)
		close(u->fd);
	if (u->event_fd >= 0)
		close(u->event_fd);
	if (u->ep_out >= 0)
		close(u->ep_out);
	if (u->ep_in >= 0)
		close(u->ep_in);
	if (u->ep0 >= 0)
		close(u->ep0);
	u->aio = 0;
	u->fd = u->event_fd = u->ep_out = u->ep_in = u->ep0 = -1;
}
