# SPDX-License-Identifier: GPL-2.0-only
#
# The firmware as a bare-metal image for the ESP32-C3/C6's core, rv32imac
# (SPEC 10, "MCU build"): the core, the lwIP glue and lwIP built for a
# microcontroller (NS_MCU), the virt board (firmware/port/rv32/) and the
# program that feeds it frames (tests/rv32/), with Debian's
# riscv64-unknown-elf-gcc and picolibc; qemu-system-riscv32 runs it.
#
#   make firmware-rv32   the image, and its sizes
#   make rv32-check      the differential corpus and the core's unit tests
#                        on the image (part of make check)
#   make bench-fw        instructions per frame class (part of make bench)

RV32_DIR      := $(BUILD)/fw-rv32
RV32_IMAGE    := $(RV32_DIR)/netsplit-rv32.elf
# Size first (-Os, and prologues and epilogues as calls: -msave-restore,
# ESP-IDF's CONFIG_COMPILER_SAVE_RESTORE_LIBCALLS), but not the classifier,
# every frame's path (where an ESP32 keeps such code in IRAM): at -Os gcc
# makes its small copies and clears calls to memcpy and memset, and a frame
# takes twice the instructions; -O1 gives the fewest, for 4 KiB more.
RV32_OPT      := -Os -msave-restore
$(RV32_DIR)/common/classifier.o: RV32_OPT := -O1
RV32_CFLAGS    = $(RV32_FLAGS) $(RV32_OPT) -g -ffunction-sections \
	-fdata-sections -DNS_MCU --specs=$(RV32_SPECS)
RV32_CPPFLAGS := -Iinclude -Icommon -Icommon/core -Ifirmware/lwip -Ifirmware/board \
	-I$(LWIP_DIR)/src/include -Ifirmware/port/rv32 -Itests/lib
# qemu's virt board: its RAM from 0x80000000, the image at the start; the
# flash/RAM split is the linker script's (picolibc's), not the board's.
RV32_LDFLAGS  := --oslib=semihost --crt0=semihost \
	-Wl,--gc-sections -Wl,--defsym=__flash=0x80000000 \
	-Wl,--defsym=__flash_size=0x200000 -Wl,--defsym=__ram=0x80200000 \
	-Wl,--defsym=__ram_size=0x1e00000
RV32_CORE_OBJS := $(patsubst common/%.c,$(RV32_DIR)/common/%.o,$(wildcard common/*.c)) \
	$(patsubst common/core/%.c,$(RV32_DIR)/core/%.o,$(wildcard common/core/*.c))
RV32_GLUE_OBJS := $(GLUE_SRCS:firmware/lwip/%.c=$(RV32_DIR)/glue/%.o) \
	$(BOARD_SRCS:firmware/board/%.c=$(RV32_DIR)/board/%.o)
RV32_PORT_OBJS := $(patsubst firmware/port/rv32/%.c,$(RV32_DIR)/port/%.o,\
	$(wildcard firmware/port/rv32/*.c))
RV32_HEADERS  := $(HEADERS) $(FW_HEADERS) $(wildcard firmware/port/rv32/*.h \
	firmware/port/rv32/arch/*.h tests/lib/*.h tests/rv32/*.h \
	tests/rv32/include/*/*.h)
# qemu exits with the image's status (semihosting's exit); -icount makes
# every count of instructions the same from run to run. A run adds its
# arguments: $(RV32_QEMU),arg=replay,arg=FILE.
RV32_QEMU     := qemu-system-riscv32 -M virt -bios none -display none \
	-serial none -monitor none -icount shift=0 \
	-semihosting-config enable=on,target=native
RV32_NEEDS    := @command -v qemu-system-riscv32 >/dev/null || { \
	echo "qemu-system-riscv32 is missing: run 'make deps' (Debian's qemu-system-misc)"; \
	exit 1; }

$(RV32_DIR)/lwip/liblwip.a: $(LWIP_STAMP) firmware/lwip/lwipopts.h firmware/lwip/local_ports.h \
		firmware/port/rv32/arch/cc.h firmware/lwip/lwip.mk
	$(MAKE) --no-print-directory -f firmware/lwip/lwip.mk \
		LWIPDIR=$(LWIP_DIR)/src OUT=$(RV32_DIR)/lwip PORT=firmware/port/rv32 \
		CC="$(RV32_CC)" CFLAGS="$(RV32_CFLAGS)"
# rv32_objects DIR SOURCES: $(RV32_DIR)/DIR/%.o from SOURCES/%.c.
define rv32_objects
$(RV32_DIR)/$(1)/%.o: $(2)/%.c $$(RV32_HEADERS) $(RV32_DIR)/lwip/liblwip.a
	@mkdir -p $$(dir $$@)
	$$(RV32_CC) $$(RV32_CPPFLAGS) $$(RV32_CFLAGS) $$(WARNINGS) -c $$< -o $$@
endef
$(eval $(call rv32_objects,common,common))
$(eval $(call rv32_objects,core,common/core))
$(eval $(call rv32_objects,glue,firmware/lwip))
$(eval $(call rv32_objects,board,firmware/board))
$(eval $(call rv32_objects,port,firmware/port/rv32))
$(eval $(call rv32_objects,test,tests/rv32))

$(RV32_IMAGE): $(RV32_CORE_OBJS) $(RV32_GLUE_OBJS) $(RV32_PORT_OBJS) \
		$(RV32_DIR)/test/replay.o $(RV32_DIR)/test/session.o \
		$(RV32_DIR)/lwip/liblwip.a
	$(RV32_CC) $(RV32_CFLAGS) $(RV32_LDFLAGS) \
		-Wl,-Map=$(RV32_DIR)/netsplit-rv32.map $^ -o $@

firmware-rv32: $(RV32_IMAGE)
	@firmware/port/rv32/size.sh $(RV32_DIR)/netsplit-rv32.map "firmware rv32:"

# The core's unit tests (tests/unit/test_core.c) on the target: the core
# built as in the image, but with the clients' peers the tests open.
RV32_UNIT_SRCS := $(COMMON_SRCS) tests/unit/test_core.c tests/lib/check.c \
	tests/lib/frames.c
RV32_UNIT_OBJS := $(addprefix $(RV32_DIR)/unit/,$(notdir $(RV32_UNIT_SRCS:.c=.o)))
$(RV32_DIR)/unit/%.o: RV32_CPPFLAGS += -DNS_CORE_PEERS=8 -Itests/rv32/include
$(foreach dir,common common/core tests/unit tests/lib,\
	$(eval $(call rv32_objects,unit,$(dir))))
$(RV32_DIR)/test_core.elf: $(RV32_UNIT_OBJS) $(RV32_DIR)/lwip/liblwip.a
	$(RV32_CC) $(RV32_CFLAGS) $(RV32_LDFLAGS) $^ -o $@
# The USB device end's unit tests on the target too: its framing is what an
# MCU runs.
$(RV32_DIR)/test_usb_device.elf: $(RV32_DIR)/unit/test_usb_device.o \
		$(RV32_DIR)/unit/usb_device.o $(RV32_DIR)/unit/check.o
	$(RV32_CC) $(RV32_CFLAGS) $(RV32_LDFLAGS) $^ -o $@

# The differential corpus is test_diff's own run (it fails if the engines
# on Linux disagree), recorded; the image then classifies every frame.
rv32-check: firmware-rv32 $(RV32_DIR)/test_core.elf $(RV32_DIR)/test_usb_device.elf \
		$(BUILD)/tests/test_diff
	$(RV32_NEEDS)
	$(BUILD)/tests/test_diff --record $(RV32_DIR)/diff.corpus
	timeout 900 $(RV32_QEMU),arg=replay,arg=$(RV32_DIR)/diff.corpus \
		-kernel $(RV32_IMAGE)
	timeout 300 $(RV32_QEMU) -kernel $(RV32_DIR)/test_core.elf
	timeout 300 $(RV32_QEMU) -kernel $(RV32_DIR)/test_usb_device.elf

$(BUILD)/fwcorpus: bench/fwcorpus.c $(BENCH_HELPERS) $(TEST_HELPERS) \
		$(BUILD)/libnetsplit.a $(HEADERS)
	$(CC) $(CPPFLAGS) -Itests/lib $(CFLAGS) $(WARNINGS) $< $(BENCH_HELPERS) \
		$(TEST_HELPERS) $(BUILD)/libnetsplit.a $(LDLIBS) -o $@
bench-fw: firmware-rv32 $(BUILD)/fwcorpus
	$(RV32_NEEDS)
	$(BUILD)/fwcorpus $(RV32_DIR)/bench.corpus
	timeout 300 $(RV32_QEMU),arg=bench,arg=$(RV32_DIR)/bench.corpus \
		-kernel $(RV32_IMAGE)
	@firmware/port/rv32/size.sh $(RV32_DIR)/netsplit-rv32.map "bench: firmware"

.PHONY: firmware-rv32 rv32-check bench-fw
