# SPDX-License-Identifier: GPL-2.0-only
#
# The firmware (SPEC 10), included by the Makefile: lwIP from the
# distribution's source package (fetched into $(BUILD)/lwip, never kept in
# this tree), the glue that puts the core inside it (firmware/lwip/), the
# board API (firmware/board/), the transports' co-processor ends
# (firmware/transport/), and netsplit-fw, the firmware as a Linux
# process, one of its boards (firmware/port/linux/), in the normal and the
# sanitized build.

LWIP_DIR    := $(BUILD)/lwip
LWIP_STAMP  := $(LWIP_DIR)/.fetched
GLUE_SRCS   := $(wildcard firmware/lwip/*.c)
BOARD_SRCS  := $(wildcard firmware/board/*.c)
TRANSPORT_SRCS := $(wildcard firmware/transport/*.c)
FW_SRCS     := $(wildcard firmware/port/linux/*.c)
FW_HEADERS  := $(wildcard firmware/lwip/*.h firmware/board/*.h firmware/port/linux/*.h \
		firmware/transport/*.h \
		firmware/port/linux/arch/*.h)
FW_CPPFLAGS := -D_GNU_SOURCE -Iinclude -Icommon -Icommon/core -Iuserspace/lib \
	-Ifirmware/lwip -Ifirmware/board -Ifirmware/transport \
	-I$(LWIP_DIR)/src/include \
	-Ifirmware/port/linux
# The port's files use the C library's htons() and friends, not lwIP's.
FW_PORT_FLAGS := -DLWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS

$(LWIP_STAMP): firmware/lwip/fetch.sh $(wildcard firmware/lwip/patches/*.patch)
	rm -rf $(LWIP_DIR)
	firmware/lwip/fetch.sh $(BUILD)
	touch $@
lwip: $(LWIP_STAMP)
.PHONY: lwip

# fw_build VARIANT FLAGS LIBRARY: lwIP, the glue and netsplit-fw into
# $(BUILD)/fw-VARIANT, linked as $(BUILD)/[VARIANT/]netsplit-fw.
define fw_build
$(BUILD)/fw-$(1)/liblwip.a: $(LWIP_STAMP) firmware/lwip/lwipopts.h firmware/lwip/local_ports.h \
		firmware/port/linux/arch/cc.h firmware/lwip/lwip.mk
	$$(MAKE) --no-print-directory -f firmware/lwip/lwip.mk \
		LWIPDIR=$(LWIP_DIR)/src OUT=$(BUILD)/fw-$(1) \
		PORT=firmware/port/linux CC="$$(CC)" CFLAGS="$$(CFLAGS) $(2)"
$(BUILD)/fw-$(1)/glue-%.o: firmware/lwip/%.c $(HEADERS) $(FW_HEADERS) \
		$(BUILD)/fw-$(1)/liblwip.a
	$$(CC) $(FW_CPPFLAGS) $$(CFLAGS) $$(WARNINGS) $(2) -c $$< -o $$@
$(BUILD)/fw-$(1)/board-%.o: firmware/board/%.c $(HEADERS) $(FW_HEADERS) \
		$(BUILD)/fw-$(1)/liblwip.a
	$$(CC) $(FW_CPPFLAGS) $$(CFLAGS) $$(WARNINGS) $(2) -c $$< -o $$@
$(BUILD)/fw-$(1)/transport-%.o: firmware/transport/%.c $(HEADERS) \
		$(FW_HEADERS) $(BUILD)/fw-$(1)/liblwip.a
	$$(CC) $(FW_CPPFLAGS) $$(CFLAGS) $$(WARNINGS) $(2) -c $$< -o $$@
$(BUILD)/fw-$(1)/port-%.o: firmware/port/linux/%.c $(HEADERS) $(FW_HEADERS) \
		$(BUILD)/fw-$(1)/liblwip.a
	$$(CC) $(FW_CPPFLAGS) $(FW_PORT_FLAGS) $$(CFLAGS) $$(WARNINGS) $(2) \
		-c $$< -o $$@
$(3)/netsplit-fw: $(GLUE_SRCS:firmware/lwip/%.c=$(BUILD)/fw-$(1)/glue-%.o) \
		$(BOARD_SRCS:firmware/board/%.c=$(BUILD)/fw-$(1)/board-%.o) \
		$(TRANSPORT_SRCS:firmware/transport/%.c=$(BUILD)/fw-$(1)/transport-%.o) \
		$(FW_SRCS:firmware/port/linux/%.c=$(BUILD)/fw-$(1)/port-%.o) \
		$(BUILD)/fw-$(1)/liblwip.a $(3)/libnetsplit.a
	$$(CC) $$(CFLAGS) $(2) $$^ $$(LDFLAGS) $$(LDLIBS) -o $$@
endef
$(eval $(call fw_build,obj,,$(BUILD)))
$(eval $(call fw_build,san,$(SANITIZE),$(BUILD)/san))

include firmware/port/rv32/rv32.mk
