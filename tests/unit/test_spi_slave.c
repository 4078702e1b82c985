// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's SPI end (firmware/transport/spi_slave.c) against a
 * peripheral that behaves as an ESP32's (posted transactions in order, no
 * taking back, handshake high while one is posted, data-ready dropped by
 * the post-transaction rule) and a host that clocks as kernel/spi.c does
 * (only while handshake is high, and data-ready is high or it has a frame).
 * Every frame arrives intact both ways, the init event carries the clock,
 * no transfer is clocked with nothing posted, and the transfers carry
 * frames: one a transfer one way, two when both sides send.
 */
#include <string.h>

#include "check.h"
#include "spi_slave.h"

#define PERIPH_SLOTS 4

struct periph {
	struct ns_spi_slave *s;
	unsigned int slot[PERIPH_SLOTS];
	__u8 *rx[PERIPH_SLOTS];
	const __u8 *tx[PERIPH_SLOTS];
	unsigned int head, n;
	bool data_ready;
	/* the host */
	__u8 host_tx[NS_BUS_SPI_XFER_LEN];
	bool host_has_frame;
	__u8 got[NS_BUS_SPI_XFER_LEN]; /* the slave's frame to the host */
	__u32 got_len;
	__u8 slave_got[NS_BUS_SPI_XFER_LEN]; /* the host's to the slave */
	__u32 slave_got_len;
	unsigned int transfers, empty, violations, to_host, to_slave;
};

static int periph_post(void *ctx, unsigned int slot, const __u8 *tx, __u8 *rx,
		       bool frame)
{
	struct periph *p = ctx;
	unsigned int i = (p->head + p->n) % PERIPH_SLOTS;

	(void)frame;
	if (p->n == PERIPH_SLOTS)
		return -1;
	p->slot[i] = slot;
	p->tx[i] = tx;
	p->rx[i] = rx;
	p->n++;
	return 0;
}

static void periph_data_ready(void *ctx, bool high)
{
	struct periph *p = ctx;

	p->data_ready = high;
}

static bool host_may_clock(const struct periph *p)
{
	return p->n && (p->data_ready || p->host_has_frame);
}

/* One transfer: the frames in got and slave_got. */
/* The peripheral's half of a transfer; the slave hears of it later. */
static unsigned int periph_clock(struct periph *p)
{
	unsigned int i = p->head;

	p->transfers++;
	p->got_len = p->slave_got_len = 0;
	if (!p->n) {
		p->violations++;
		return PERIPH_SLOTS;
	}
	memcpy(p->got, p->tx[i], NS_BUS_SPI_XFER_LEN);
	memcpy(p->rx[i], p->host_tx, NS_BUS_SPI_XFER_LEN);
	p->got_len = ns_bus_spi_frame_len(p->got);
	p->to_host += p->got_len != 0;
	p->to_slave += p->host_has_frame;
	p->empty += !p->got_len && !p->host_has_frame;
	/* The post-transaction callback, before the host looks again. */
	if (!ns_spi_slave_keeps_data_ready(p->s, p->slot[i]))
		p->data_ready = false;
	p->head = (p->head + 1) % PERIPH_SLOTS;
	p->n--;
	memset(p->host_tx, 0, sizeof(p->host_tx));
	p->host_has_frame = false;
	return i;
}

static void slave_hears(struct periph *p, unsigned int i)
{
	const __u8 *frame;
	__u32 len;

	frame = ns_spi_slave_done(p->s, p->slot[i], &len);
	if (frame) {
		memcpy(p->slave_got, frame, len);
		p->slave_got_len = len;
	}
	ns_spi_slave_refill(p->s);
}

/* One transfer, heard by the slave at once. */
static void host_clock(struct periph *p)
{
	unsigned int i = periph_clock(p);

	if (i < PERIPH_SLOTS)
		slave_hears(p, i);
}

static void start(struct periph *p, struct ns_spi_slave *s, __u32 max_hz)
{
	const struct ns_spi_slave_ops ops = {
		.ctx = p, .post = periph_post, .data_ready = periph_data_ready};

	memset(p, 0, sizeof(*p));
	p->s = s;
	ns_spi_slave_init(s, &ops, max_hz);
	ns_spi_slave_refill(s);
}

static __u32 make_frame(__u8 *frame, __u8 if_type, __u16 len, __u16 seq)
{
	struct ns_bus_frame f = {.if_type = if_type, .len = len, .seq = seq};
	__u16 i;

	for (i = 0; i < len; i++)
		frame[NS_BUS_HDR_LEN + i] = (__u8)(i * 13 + seq);
	return ns_bus_seal(frame, &f);
}

static void test_idle_and_init(void)
{
	static struct ns_spi_slave s;
	const __u8 mac[6] = {2, 0x6e, 0x73, 0, 0, 0x10};
	__u8 frame[NS_BUS_FRAME_MAX];
	struct ns_bus_frame f;
	struct periph p;
	__u32 n;

	start(&p, &s, 26000000);
	CHECK(p.n == 1 && !p.data_ready,
	      "idle: one empty transaction posted (%u), data-ready low", p.n);
	CHECK(!host_may_clock(&p), "an idle host clocks nothing");
	n = ns_bus_seal_event(frame, NS_BUS_EV_INIT, mac, 0);
	CHECK(ns_spi_slave_send(&s, frame, n) == 0, "init event queued");
	CHECK(p.data_ready, "data-ready up for the init event");
	while (host_may_clock(&p) && !p.got_len)
		host_clock(&p);
	CHECK(p.transfers == 2 && p.empty == 1,
	      "the init event came behind the one empty transaction (%u transfers)",
	      p.transfers);
	CHECK(ns_bus_parse(p.got, p.got_len, &f) == NS_BUS_OK &&
		      f.len == NS_BUS_INIT_CLOCK_LEN &&
		      !memcmp(p.got + f.offset, mac, 6) &&
		      p.got[f.offset + 6] == 0x80 &&
		      p.got[f.offset + 7] == 0xba &&
		      p.got[f.offset + 8] == 0x8c &&
		      p.got[f.offset + 9] == 0x01,
	      "the init event carries the MAC and 26 MHz, little-endian");
	CHECK(!host_may_clock(&p) && p.n == 1,
	      "then idle again: data-ready down, one posted");

	start(&p, &s, 0);
	ns_spi_slave_send(&s, frame,
			  ns_bus_seal_event(frame, NS_BUS_EV_INIT, mac, 0));
	while (host_may_clock(&p) && !p.got_len)
		host_clock(&p);
	CHECK(ns_bus_parse(p.got, p.got_len, &f) == NS_BUS_OK && f.len == 6,
	      "without a clock the init event is as the core made it");
}

static void test_every_length(void)
{
	static struct ns_spi_slave s;
	__u8 frame[NS_BUS_FRAME_MAX];
	unsigned int bad_out = 0, bad_in = 0;
	struct periph p;
	__u32 n;
	__u16 l;

	start(&p, &s, 0);
	for (l = 1; l <= NS_BUS_PAYLOAD_MAX; l++) {
		n = make_frame(frame, NS_BUS_IF_CONTROL, l, l);
		ns_spi_slave_send(&s, frame, n);
		while (host_may_clock(&p) && !p.got_len)
			host_clock(&p);
		bad_out += p.got_len != n || memcmp(p.got, frame, n);
		/* And the other way: the host's frame in the next transfer. */
		memcpy(p.host_tx, frame, n);
		p.host_has_frame = true;
		CHECK(host_may_clock(&p), "the host may send a frame of %u", l);
		host_clock(&p);
		bad_in += p.slave_got_len != n || memcmp(p.slave_got, frame, n);
	}
	CHECK(!bad_out, "payloads 1..1536 to the host intact (%u bad)",
	      bad_out);
	CHECK(!bad_in, "payloads 1..1536 from the host intact (%u bad)",
	      bad_in);
	CHECK(!p.violations, "no transfer with nothing posted (%u)",
	      p.violations);
}

/* The host streams frames while the slave streams its own. */
static void stream(struct periph *p, struct ns_spi_slave *s, bool to_host,
		   bool to_slave, unsigned int frames)
{
	__u8 frame[NS_BUS_FRAME_MAX];
	unsigned int sent = 0, host_sent = 0, guard = 0;
	__u32 n = make_frame(frame, NS_BUS_IF_NETWORK, 1000, 1);

	while ((to_host && (sent < frames || p->to_host < frames)) ||
	       (to_slave && host_sent < frames)) {
		while (to_host && sent < frames &&
		       !ns_spi_slave_send(s, frame, n))
			sent++;
		if (to_slave && host_sent < frames && !p->host_has_frame) {
			memcpy(p->host_tx, frame, n);
			p->host_has_frame = true;
			host_sent++;
		}
		if (host_may_clock(p))
			host_clock(p);
		if (++guard > 4 * frames)
			break;
	}
}

static void test_streams(void)
{
	static struct ns_spi_slave s;
	struct periph p;

	start(&p, &s, 0);
	stream(&p, &s, true, false, 1000);
	CHECK(p.to_host == 1000 && p.transfers <= 1001,
	      "to the host: 1000 frames in %u transfers", p.transfers);
	start(&p, &s, 0);
	stream(&p, &s, false, true, 1000);
	CHECK(p.to_slave == 1000 && p.transfers == 1000,
	      "from the host: 1000 frames in %u transfers", p.transfers);
	start(&p, &s, 0);
	stream(&p, &s, true, true, 1000);
	CHECK(p.to_slave == 1000 && p.to_host == 1000 && p.transfers <= 1002,
	      "both ways: 2000 frames in %u transfers", p.transfers);
	CHECK(!p.violations, "no violation in any stream");
	CHECK(p.empty <= 1, "at most one empty transfer (%u)", p.empty);
}

static void test_refusals(void)
{
	static struct ns_spi_slave s;
	__u8 frame[NS_BUS_FRAME_MAX], control[NS_BUS_FRAME_MAX];
	unsigned int i, taken = 0;
	struct periph p;
	__u32 n = make_frame(frame, NS_BUS_IF_NETWORK, 100, 1), len;
	__u32 ctrl = make_frame(control, NS_BUS_IF_CONTROL, 100, 2);
	unsigned int room = NS_SPI_SLAVE_QUEUE - NS_SPI_SLAVE_CTRL_RESERVE;

	start(&p, &s, 0);
	for (i = 0; i < NS_SPI_SLAVE_SLOTS + room + 5; i++)
		taken += !ns_spi_slave_send(&s, frame, n);
	/* The idle slave's one empty transaction took a slot. */
	CHECK(taken == NS_SPI_SLAVE_SLOTS - 1 + room && s.stats.queue_full == 6,
	      "network frames posted and queued up to their share (%u taken, %u refused)",
	      taken, s.stats.queue_full);
	for (i = taken = 0; i < NS_SPI_SLAVE_CTRL_RESERVE + 1; i++)
		taken += !ns_spi_slave_send(&s, control, ctrl);
	CHECK(taken == NS_SPI_SLAVE_CTRL_RESERVE,
	      "control frames still have the reserve (%u taken)", taken);
	CHECK(!ns_spi_slave_done(&s, (s.oldest + 1) % NS_SPI_SLAVE_SLOTS,
				 &len) &&
		      s.stats.bad_slot == 1,
	      "a slot out of order is refused and counted");
}

/*
 * Transfers end before the slave hears of them (its task is slower than
 * the callback): a frame it posts meanwhile must still raise data-ready,
 * which the callback lowered.
 */
static void test_late_completions(void)
{
	static struct ns_spi_slave s;
	__u8 frame[NS_BUS_FRAME_MAX];
	unsigned int done[2];
	struct periph p;
	__u32 n = make_frame(frame, NS_BUS_IF_NETWORK, 60, 1);

	start(&p, &s, 0);
	ns_spi_slave_send(&s, frame, n);
	done[0] = periph_clock(&p);
	done[1] = periph_clock(&p);
	CHECK(p.to_host == 1 && !p.data_ready,
	      "the frame went, data-ready lowered by the callback");
	ns_spi_slave_send(&s, frame, n);
	CHECK(host_may_clock(&p),
	      "a frame posted before the slave heard: data-ready raised again");
	slave_hears(&p, done[0]);
	slave_hears(&p, done[1]);
	while (host_may_clock(&p))
		host_clock(&p);
	CHECK(p.to_host == 2 && !p.violations, "both frames went (%u)",
	      p.to_host);
	/* Two posted frames, the first done but not heard of: keep it up. */
	start(&p, &s, 0);
	ns_spi_slave_send(&s, frame, n);
	ns_spi_slave_send(&s, frame, n);
	done[0] = periph_clock(&p);
	done[1] = periph_clock(&p);
	CHECK(p.data_ready && host_may_clock(&p),
	      "a frame still posted after two unheard transfers keeps data-ready");
}

int main(void)
{
	test_idle_and_init();
	test_every_length();
	test_streams();
	test_refusals();
	test_late_completions();
	return check_report();
}
