# SPDX-License-Identifier: GPL-2.0-only
#
# netsplit: BPF object -> skeleton -> library -> tools, tests and benchmarks.
#
#   make            build everything into build/
#   sudo make check build with ASan/UBSan into build/san/ and run all tests
#   sudo make bench print the benchmark ratios
#   sudo make demo  the lab walkthrough (KEEP=1 leaves the lab up)
#   make deb        the Debian packages netsplit and ethsta-dkms, in build/deb
#   make kernel     the ethsta driver against Debian's headers (KVER)
#   make firmware-rv32  the firmware as a bare-metal rv32 image, its sizes
#   make bench-fw   the firmware's instructions per frame under qemu
#   sudo make fuzz  each fuzz target for FUZZ_SECONDS (tests/fuzz)
#   sudo make soak  the lab for SOAK_MINUTES (30) under mixed traffic, sleeps
#                   and live range changes; asserts integrity and no leaks
#   sudo make vm-bench  the driver, SPI and USB in qemu, medians of runs
#   make deps       install the Debian packages the build and tests need,
#                   and fetch lwIP's source package into build/lwip

BUILD     ?= build
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
BATS      ?= bats

CFLAGS    ?= -O2 -g
WARNINGS  := -Wall -Wextra -Werror
CPPFLAGS  += -D_GNU_SOURCE -Iinclude -Icommon -Icommon/core -Iuserspace/lib \
	     -I$(BUILD)
LDLIBS    += -lbpf -lelf -lz -lpcap -lmnl
SANITIZE  := -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror \
	      -Iinclude -I$(BUILD)

HEADERS   := $(wildcard include/netsplit/*.h include/netsplit/classify/*.h \
	common/*.h common/core/*.h userspace/lib/*.h)
# What the host and the co-processor both run (common/), the co-processor's
# core (common/core/) among it, is part of the library.
COMMON_SRCS := $(wildcard common/*.c common/core/*.c)
LIB_SRCS  := $(wildcard userspace/lib/*.c)
CTL_SRCS  := $(wildcard userspace/netsplitctl/*.c)
CPD_SRCS  := $(wildcard userspace/netsplit-cpd/*.c)
HOSTD_SRCS := $(wildcard userspace/netsplitd/*.c)
TEST_SRCS := $(wildcard tests/unit/*.c) $(wildcard tests/bpf/*.c)
TEST_HELPERS := $(wildcard tests/lib/*.c)
# The frame classes every bench measures.
BENCH_HELPERS := bench/classes.c

DEB_PACKAGES := clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev \
		libpcap-dev libmnl-dev libmosquitto-dev linux-libc-dev pkg-config \
		make gcc \
		iproute2 iputils-ping valgrind bats bats-assert bats-support tcpdump \
		ethtool systemd udhcpc dnsmasq-base mosquitto \
		mosquitto-clients iperf3 iperf socat curl bind9-dnsutils \
		linux-headers-amd64 linux-image-amd64 qemu-system-x86 \
		busybox-static sparse dkms gcc-riscv64-unknown-elf \
		picolibc-riscv64-unknown-elf gcc-xtensa-lx106 \
		picolibc-xtensa-lx106-elf qemu-system-misc bash-completion \
		python3-prometheus-client scdoc man-db bsdextrautils \
		debhelper dh-dkms lintian debootstrap device-tree-compiler \
		python3-kconfiglib

.PHONY: all check bench demo soak deps deps-check clean verify-units install \
	kernel vm-check dkms-check firmware-core esp-idf-check
# Skeletons and BPF objects are kept: they are what the tools embed.
.SECONDARY:

PROGRAMS  := netsplitctl netsplit-cpd netsplitd
# Their completion is netsplitctl's file, found by each one's name.
DAEMONS   := netsplitd netsplit-cpd netsplit-fw

# The man pages: one scdoc source each in man/.
MAN_PAGES := $(patsubst man/%.scd,$(BUILD)/man/%,$(wildcard man/*.scd))
$(BUILD)/man/%: man/%.scd
	@mkdir -p $(dir $@)
	scdoc < $< > $@.tmp
	mv $@.tmp $@

all: programs firmware-core firmware-rv32

# What an install or a package ships.
programs: $(PROGRAMS:%=$(BUILD)/%) $(BUILD)/netsplit-fw $(BUILD)/netsplit.bpf.o \
	$(MAN_PAGES)
.PHONY: programs

$(BUILD) $(BUILD)/obj $(BUILD)/san $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/vmlinux.h: | $(BUILD)
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp
	mv $@.tmp $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(HEADERS) $(BUILD)/vmlinux.h
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/empty.bpf.o: bench/empty.bpf.c $(BUILD)/vmlinux.h
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(BUILD)/impair.bpf.o: tests/lab/impair.bpf.c $(BUILD)/vmlinux.h
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@.tmp
	mv $@.tmp $@

SKELS := $(BUILD)/netsplit.skel.h $(BUILD)/empty.skel.h

# The version, in one place: kernel/dkms.conf, which DKMS reads as it is
# (the driver's MODULE_VERSION comes from there too); built from git, the
# commit as well. version.h is rewritten only when it changes, so that only
# what prints it is built again.
VERSION    := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' kernel/dkms.conf)
NS_VERSION := $(VERSION)$(shell git describe --always --dirty 2>/dev/null | \
	sed 's/^/+g/')
$(BUILD)/version.h: FORCE | $(BUILD)
	@echo '#define NS_VERSION "$(NS_VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(BUILD)/obj/options.o $(BUILD)/san/options.o: $(BUILD)/version.h
FORCE:
.PHONY: FORCE

# Normal and sanitized builds of the library and the programs.
$(BUILD)/obj/%.o: userspace/lib/%.c $(HEADERS) $(SKELS) | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -c $< -o $@
$(BUILD)/san/%.o: userspace/lib/%.c $(HEADERS) $(SKELS) | $(BUILD)/san
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(SANITIZE) -c $< -o $@
$(BUILD)/obj/common-%.o: common/%.c $(HEADERS) | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -c $< -o $@
$(BUILD)/san/common-%.o: common/%.c $(HEADERS) | $(BUILD)/san
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(SANITIZE) -c $< -o $@
$(BUILD)/obj/core-%.o: common/core/%.c $(HEADERS) | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -c $< -o $@
$(BUILD)/san/core-%.o: common/core/%.c $(HEADERS) | $(BUILD)/san
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(SANITIZE) -c $< -o $@

LIB_OBJS := $(LIB_SRCS:userspace/lib/%.c=$(BUILD)/obj/%.o) \
	$(patsubst common/%.c,$(BUILD)/obj/common-%.o,$(wildcard common/*.c)) \
	$(patsubst common/core/%.c,$(BUILD)/obj/core-%.o,$(wildcard common/core/*.c))
SAN_OBJS := $(LIB_SRCS:userspace/lib/%.c=$(BUILD)/san/%.o) \
	$(patsubst common/%.c,$(BUILD)/san/common-%.o,$(wildcard common/*.c)) \
	$(patsubst common/core/%.c,$(BUILD)/san/core-%.o,$(wildcard common/core/*.c))

$(BUILD)/libnetsplit.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^
$(BUILD)/san/libnetsplit.a: $(SAN_OBJS)
	rm -f $@
	ar rcs $@ $^

# Each program is the .c files of its directory and the library, and the
# libraries of its own ($(3)).
define program
$(BUILD)/$(1): $(2) $(BUILD)/libnetsplit.a $(HEADERS) $(wildcard userspace/$(1)/*.h)
	$$(CC) $$(CPPFLAGS) -Iuserspace/$(1) $$(CFLAGS) $$(WARNINGS) $(2) \
		$(BUILD)/libnetsplit.a $$(LDFLAGS) $$(LDLIBS) $(3) -o $$@
$(BUILD)/san/$(1): $(2) $(BUILD)/san/libnetsplit.a $(HEADERS) $(wildcard userspace/$(1)/*.h)
	$$(CC) $$(CPPFLAGS) -Iuserspace/$(1) $$(CFLAGS) $$(WARNINGS) $$(SANITIZE) \
		$(2) $(BUILD)/san/libnetsplit.a $$(LDFLAGS) $$(LDLIBS) $(3) -o $$@
endef
$(eval $(call program,netsplitctl,$(CTL_SRCS)))
# libmosquitto holds the co-processor's wake subscription (MQTT client).
$(eval $(call program,netsplit-cpd,$(CPD_SRCS),-lmosquitto))
# netsplitd verifies the guard in a thread while it goes on answering.
$(eval $(call program,netsplitd,$(HOSTD_SRCS),-pthread))

# The microcontrollers' compilers: the ESP32-C3/C6's rv32imac, and the
# ESP8266's lx106 (Xtensa, call0 ABI), with picolibc.
RV32_CC      ?= riscv64-unknown-elf-gcc
RV32_FLAGS   := -march=rv32imac -mabi=ilp32
RV32_SPECS   := /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs
XTENSA_CC    ?= xtensa-lx106-elf-gcc
XTENSA_FLAGS := -mlongcalls
XTENSA_SPECS := /usr/lib/xtensa-lx106-elf/picolibc.specs
include firmware/firmware.mk

# Each test is one C file, linked with the frame builders in tests/lib.
$(BUILD)/tests/%: tests/unit/%.c $(TEST_HELPERS) $(BUILD)/san/libnetsplit.a \
		$(HEADERS) tests/lib/frames.h | $(BUILD)/tests
	$(CC) $(CPPFLAGS) -Itests/lib $(CFLAGS) $(WARNINGS) $(SANITIZE) $< \
		$(TEST_HELPERS) $(BUILD)/san/libnetsplit.a $(LDLIBS) -o $@
# The ESP-IDF component: compiled as ESP-IDF compiles it, against the
# pinned snapshot of ESP-IDF's headers (tests/tools/esp-idf-check); its
# kconfig.c on Linux too, with the sdkconfig.h ESP-IDF's Kconfig defaults
# and ours make, in test_kconfig.
ESP_IDF_SNAPSHOT ?= $(firstword $(wildcard $(abspath ../shared/esp-idf) \
	/work/shared/esp-idf))
export ESP_IDF_SNAPSHOT
ESP_IDF_DIR := firmware/port/esp-idf
ESP_IDF_KCONFIG := $(wildcard $(ESP_IDF_DIR)/netsplit/Kconfig \
	$(ESP_IDF_DIR)/app/main/Kconfig.projbuild $(ESP_IDF_DIR)/app/sdkconfig.defaults*)
$(BUILD)/esp-idf/esp32c6/sdkconfig.h: $(ESP_IDF_KCONFIG) tests/tools/idf-sdkconfig
	tests/tools/idf-sdkconfig esp32c6 $(@D)
$(BUILD)/tests/test_kconfig: tests/unit/test_kconfig.c \
		$(wildcard $(ESP_IDF_DIR)/netsplit/src/kconfig.*) \
		$(BUILD)/esp-idf/esp32c6/sdkconfig.h $(TEST_HELPERS) \
		$(BUILD)/san/libnetsplit.a $(HEADERS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) -Itests/lib -I$(ESP_IDF_DIR)/netsplit/src \
		-I$(BUILD)/esp-idf/esp32c6 $(CFLAGS) $(WARNINGS) \
		$(SANITIZE) $< $(ESP_IDF_DIR)/netsplit/src/kconfig.c $(TEST_HELPERS) \
		$(BUILD)/san/libnetsplit.a $(LDLIBS) -o $@
esp-idf-check:
	tests/tools/esp-idf-check $(BUILD)
# The co-processor's SPI end, against a modelled peripheral and host.
$(BUILD)/tests/test_spi_slave: tests/unit/test_spi_slave.c \
		$(TRANSPORT_SRCS) $(wildcard firmware/transport/*.h) \
		$(TEST_HELPERS) $(BUILD)/san/libnetsplit.a $(HEADERS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) -Itests/lib -Ifirmware/transport $(CFLAGS) \
		$(WARNINGS) $(SANITIZE) $< $(TRANSPORT_SRCS) $(TEST_HELPERS) \
		$(BUILD)/san/libnetsplit.a $(LDLIBS) -o $@
# The Wi-Fi station's state machine, against a radio that answers as told.
$(BUILD)/tests/test_station: tests/unit/test_station.c firmware/board/station.c \
		firmware/board/station.h $(TEST_HELPERS) $(BUILD)/san/libnetsplit.a \
		$(HEADERS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) -Itests/lib -Ifirmware/board $(CFLAGS) $(WARNINGS) \
		$(SANITIZE) $< firmware/board/station.c $(TEST_HELPERS) \
		$(BUILD)/san/libnetsplit.a $(LDLIBS) -o $@
$(BUILD)/tests/%: tests/bpf/%.c $(TEST_HELPERS) $(BUILD)/san/libnetsplit.a \
		$(HEADERS) tests/lib/frames.h | $(BUILD)/tests
	$(CC) $(CPPFLAGS) -Itests/lib $(CFLAGS) $(WARNINGS) $(SANITIZE) $< \
		$(TEST_HELPERS) $(BUILD)/san/libnetsplit.a $(LDLIBS) -o $@

TEST_TOOLS := $(BUILD)/tests/nsprobe $(BUILD)/tests/statuswatch \
	$(BUILD)/tests/badpeer $(BUILD)/tests/synflood
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/*.c))
BPF_TESTS  := $(patsubst tests/bpf/%.c,$(BUILD)/tests/%,$(wildcard tests/bpf/*.c))

$(BUILD)/bench: bench/bench.c $(BENCH_HELPERS) $(TEST_HELPERS) \
		$(BUILD)/libnetsplit.a $(HEADERS)
	$(CC) $(CPPFLAGS) -Itests/lib $(CFLAGS) $(WARNINGS) $< $(BENCH_HELPERS) \
		$(TEST_HELPERS) $(BUILD)/libnetsplit.a $(LDLIBS) -o $@

# The BATS suites run the sanitized programs.
BATS_ENV := NETSPLITCTL=$(abspath $(BUILD)/san/netsplitctl) \
	NETSPLIT_CPD=$(abspath $(BUILD)/san/netsplit-cpd) \
	NETSPLITD=$(abspath $(BUILD)/san/netsplitd) \
	NETSPLIT_FW=$(abspath $(BUILD)/san/netsplit-fw) \
	NSPROBE=$(abspath $(BUILD)/tests/nsprobe) \
	STATUSWATCH=$(abspath $(BUILD)/tests/statuswatch) \
	BADPEER=$(abspath $(BUILD)/tests/badpeer) \
	SYNFLOOD=$(abspath $(BUILD)/tests/synflood) \
	NETSPLIT_BPF_OBJ=$(abspath $(BUILD)/netsplit.bpf.o) \
	NETSPLIT_IMPAIR_OBJ=$(abspath $(BUILD)/impair.bpf.o) \
	NETSPLIT_BUILD=$(abspath $(BUILD))

# What the parts of make check run, built before the first part starts.
CHECK_BUILT := $(UNIT_TESTS) $(BPF_TESTS) $(PROGRAMS:%=$(BUILD)/san/%) \
	$(PROGRAMS:%=$(BUILD)/%) $(BUILD)/netsplit.bpf.o \
	$(BUILD)/san/netsplit-fw $(BUILD)/netsplit-fw $(TEST_TOOLS) \
	$(BUILD)/impair.bpf.o $(BUILD)/bench-restore $(MAN_PAGES)
BATS_SUITES := $(filter-out tests/bats/lab.bats,$(wildcard tests/bats/*.bats))

# Every part runs, whichever fails (tests/tools/parts), and the last line
# names the parts that failed. Tests need root for BPF; they say so and
# fail when run without it.
check: deps-check $(CHECK_BUILT)
	@tests/tools/parts check \
		docs "tests/tools/doc-check $(BUILD)" \
		licence tests/tools/license-check \
		versions "$(MAKE) --no-print-directory version-check" \
		units "$(MAKE) --no-print-directory verify-units" \
		install "tests/tools/install-check $(BUILD)" \
		deb "$(MAKE) --no-print-directory deb && tests/tools/deb-check $(DEB_DIR)" \
		firmware-core "$(MAKE) --no-print-directory firmware-core" \
		cycles "$(MAKE) --no-print-directory cycles-check" \
		layout tests/tools/layout-check \
		unit "$(MAKE) --no-print-directory unit-check" \
		fuzz "$(MAKE) --no-print-directory fuzz-replay" \
		rv32 "$(MAKE) --no-print-directory rv32-check" \
		esp-idf "$(MAKE) --no-print-directory esp-idf-check" \
		valgrind "$(MAKE) --no-print-directory valgrind-check" \
		bats "$(BATS_ENV) $(BATS) $(BATS_SUITES)" \
		lab "$(BATS_ENV) $(BATS) tests/bats/lab.bats" \
		lab-generic "$(BATS_ENV) LAB_XDP_MODE=generic $(BATS) tests/bats/lab.bats" \
		lab-fw "$(BATS_ENV) LAB_COPROC=fw $(BATS) tests/bats/lab.bats" \
		faults-fw "$(BATS_ENV) LAB_COPROC=fw $(BATS) tests/bats/faults.bats" \
		vm "$(MAKE) --no-print-directory vm-check" \
		vm-spi "$(MAKE) --no-print-directory vm-spi-check" \
		vm-usb "$(MAKE) --no-print-directory vm-usb-check" \
		dt "tests/tools/dt-check $(BUILD)" \
		dkms "$(MAKE) --no-print-directory dkms-check"

version-check:
	@grep -qx 'version: "$(VERSION)"' firmware/port/esp-idf/netsplit/idf_component.yml || \
		{ echo "idf_component.yml's version is not $(VERSION), kernel/dkms.conf's"; \
		exit 1; }
	@echo "version-check: $(VERSION) everywhere"

# Each unit and BPF test, all of them whichever fails.
unit-check: $(UNIT_TESTS) $(BPF_TESTS)
	@failed=""; for t in $(filter-out %/test_diff,$(UNIT_TESTS)) $(BPF_TESTS); do \
		echo "== $$t"; $$t || failed="$$failed $${t##*/}"; done; \
	[ -z "$$failed" ] || { echo "unit-check: failed:$$failed"; exit 1; }

# valgrind does not model every bpf() command; ASan covers those paths.
valgrind-check: $(BUILD)/netsplitctl
	valgrind -q --leak-check=full --error-exitcode=1 $(BUILD)/netsplitctl \
		classify --pcap tests/data/sample.pcap --engine native \
		--config tests/data/example.conf --json > /dev/null
.PHONY: version-check unit-check valgrind-check

# The kernel the driver is built for and the VM boots: the newest one with
# headers (Debian's linux-headers-amd64 and linux-image-amd64).
KVER ?= $(notdir $(patsubst %/build,%,$(lastword $(sort $(wildcard /lib/modules/*/build)))))
KDIR ?= /lib/modules/$(KVER)/build
KERNEL_SRCS := $(wildcard kernel/*.c kernel/*.h) kernel/Kbuild \
	include/netsplit/bus.h include/netsplit/types.h

# W=1 and sparse (C=2); any warning fails, as does clang-format's opinion.
kernel/ethsta.ko: $(KERNEL_SRCS) | $(BUILD)
	@test -d "$(KDIR)" || { echo "no kernel headers at '$(KDIR)'; run 'make deps'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(abspath kernel) W=1 C=2 modules 2>&1 | tee $(BUILD)/kernel.log
	@! grep -E "warning:|error:" $(BUILD)/kernel.log
	clang-format --dry-run --Werror $(filter-out %.mod.c,$(wildcard kernel/*.c kernel/*.h))
kernel/ethsta_spi.ko kernel/ethsta_usb.ko: kernel/ethsta.ko
kernel: kernel/ethsta.ko

$(BUILD)/vm:
	mkdir -p $@
$(BUILD)/vm/bustool: tests/tools/bustool.c $(HEADERS) | $(BUILD)/vm
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $< -o $@
$(BUILD)/vm/spitool: tests/tools/spitool.c firmware/port/linux/spisim.c \
		firmware/port/linux/spisim.h $(TRANSPORT_SRCS) \
		$(wildcard firmware/transport/*.h) $(BUILD)/libnetsplit.a \
		$(HEADERS) | $(BUILD)/vm
	$(CC) $(CPPFLAGS) -Ifirmware/transport -Ifirmware/port/linux $(CFLAGS) \
		$(WARNINGS) $< firmware/port/linux/spisim.c $(TRANSPORT_SRCS) \
		$(BUILD)/libnetsplit.a $(LDLIBS) -o $@
$(BUILD)/vm/usbtool: tests/tools/usbtool.c $(BUILD)/libnetsplit.a $(HEADERS) | $(BUILD)/vm
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $< $(BUILD)/libnetsplit.a \
		$(LDLIBS) -o $@
$(BUILD)/vm/busrelay: bench/busrelay.c $(HEADERS) | $(BUILD)/vm
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -pthread $< -o $@
$(BUILD)/vm/verifier: bench/verifier.c $(BUILD)/libnetsplit.a $(HEADERS) | $(BUILD)/vm
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $< $(BUILD)/libnetsplit.a \
		$(LDLIBS) -o $@
$(BUILD)/xdp_actions.bpf.o: tests/vm/xdp_actions.bpf.c $(BUILD)/vmlinux.h
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@
VM_DEPS := kernel/ethsta.ko $(BUILD)/vm/bustool $(BUILD)/vm/busrelay \
	$(BUILD)/vm/spitool $(BUILD)/vm/usbtool \
	$(BUILD)/vm/verifier \
	$(BUILD)/xdp_actions.bpf.o $(BUILD)/netsplit.bpf.o \
	$(PROGRAMS:%=$(BUILD)/%) $(BUILD)/netsplit-fw

# The headers and the co-processor's core, freestanding (the compiler's
# own headers only), for this machine and, as a check that they port to
# Xtensa, core and lwIP glue for the ESP8266's lx106 (call0 ABI; not the
# ESP32's LX6/LX7) as an MCU build, with picolibc: compiled and sized,
# every warning an error. The rv32 build is a whole image (firmware-rv32).
firmware-core: $(HEADERS) $(COMMON_SRCS) $(GLUE_SRCS) $(BOARD_SRCS) $(TRANSPORT_SRCS) \
		$(FW_HEADERS) $(LWIP_STAMP)
	@firmware/core-size.sh x86-64 $(BUILD)/fw/x86-64 $(CC) -O2
	@firmware/core-size.sh xtensa $(BUILD)/fw/xtensa $(XTENSA_CC) \
		$(XTENSA_FLAGS) -Os -DNS_MCU
	@firmware/glue-size.sh xtensa $(BUILD)/fw/xtensa $(LWIP_DIR)/src/include \
		$(XTENSA_CC) $(XTENSA_SPECS) $(XTENSA_FLAGS) -Os -DNS_MCU

# No call or include cycle among the driver's files, netsplit-cpd's and the
# core's, nor among the firmware's (port, glue, core).
CPD_OBJS := $(CPD_SRCS:userspace/netsplit-cpd/%.c=$(BUILD)/cpd/%.o)
$(BUILD)/cpd:
	mkdir -p $@
$(BUILD)/cpd/%.o: userspace/netsplit-cpd/%.c $(HEADERS) $(SKELS) \
		$(wildcard userspace/netsplit-cpd/*.h) | $(BUILD)/cpd
	$(CC) $(CPPFLAGS) -Iuserspace/netsplit-cpd $(CFLAGS) $(WARNINGS) -c $< -o $@
# The fuzz targets (tests/fuzz): libFuzzer with ASan and UBSan, no
# recovery, on the library built again with clang. make fuzz runs each for
# FUZZ_SECONDS; make check replays their seeds and past crash inputs.
FUZZ_TARGETS := classifier protocol bus config
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS := $(LIB_SRCS:userspace/lib/%.c=$(BUILD)/fuzz/obj/%.o) \
	$(patsubst common/%.c,$(BUILD)/fuzz/obj/common-%.o,$(wildcard common/*.c)) \
	$(patsubst common/core/%.c,$(BUILD)/fuzz/obj/core-%.o,$(wildcard common/core/*.c))
$(BUILD)/fuzz/obj:
	mkdir -p $@
$(BUILD)/fuzz/obj/%.o: userspace/lib/%.c $(HEADERS) $(SKELS) | $(BUILD)/fuzz/obj
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARNINGS) -c $< -o $@
$(BUILD)/fuzz/obj/common-%.o: common/%.c $(HEADERS) | $(BUILD)/fuzz/obj
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARNINGS) -c $< -o $@
$(BUILD)/fuzz/obj/core-%.o: common/core/%.c $(HEADERS) | $(BUILD)/fuzz/obj
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(WARNINGS) -c $< -o $@
$(BUILD)/fuzz/libnetsplit.a: $(FUZZ_OBJS)
	rm -f $@
	ar rcs $@ $^
$(FUZZ_TARGETS:%=$(BUILD)/fuzz/%): $(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h \
		$(BUILD)/fuzz/libnetsplit.a
	$(CLANG) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(WARNINGS) $< \
		$(BUILD)/fuzz/libnetsplit.a $(LDLIBS) -o $@
fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
fuzz: deps-check fuzz-build
	tests/fuzz/run $(BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-replay: fuzz-build
	tests/fuzz/run --replay $(BUILD) $(FUZZ_TARGETS)
.PHONY: fuzz fuzz-build fuzz-replay

# The driver's objects, as Kbuild lists them.
KERNEL_OBJS := $(addprefix kernel/,$(shell sed -n 's/^ethsta\(_spi\|_usb\)\{0,1\}-y := //p' kernel/Kbuild))
cycles-check: $(CPD_OBJS) firmware-core $(BUILD)/netsplit-fw kernel/ethsta.ko
	tests/tools/cycles $(KERNEL_OBJS) -- $(wildcard kernel/*.[ch])
	tests/tools/cycles $(CPD_OBJS) $(BUILD)/fw/x86-64/*.o -- \
		$(wildcard userspace/netsplit-cpd/*.[ch] common/*.[ch] common/core/*.[ch])
	tests/tools/cycles $(BUILD)/fw-obj/glue-*.o $(BUILD)/fw-obj/board-*.o \
		$(BUILD)/fw-obj/port-*.o \
		$(BUILD)/fw/x86-64/*.o -- $(wildcard firmware/lwip/*.[ch] firmware/board/*.[ch] \
		firmware/port/linux/*.[ch] common/*.[ch] common/core/*.[ch])
.PHONY: cycles-check

# The driver under qemu: Debian's kernel, the module, both daemons.
vm-check: $(VM_DEPS)
	KVER=$(KVER) tests/vm/run $(BUILD) tests/vm/check.sh tests/vm/lib.sh \
		tests/data/example.conf $(BUILD)/xdp_actions.bpf.o \
		$(BUILD)/netsplit.bpf.o bench/driver.sh bench/vm.sh

# The SPI transport under qemu: ethsta_spi on the test-only controller of
# tests/kernel/spi_sim (built here, never installed), netsplit-fw as the
# ESP32 on its other end.
SPI_SIM_KO := tests/kernel/spi_sim/spi_sim.ko
$(SPI_SIM_KO): tests/kernel/spi_sim/spi_sim.c tests/kernel/spi_sim/Kbuild \
		include/netsplit/spi_sim.h include/netsplit/bus.h | $(BUILD)
	@test -d "$(KDIR)" || { echo "no kernel headers at '$(KDIR)'; run 'make deps'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(abspath tests/kernel/spi_sim) W=1 C=2 modules 2>&1 | tee $(BUILD)/spi_sim.log
	@! grep -E "warning:|error:" $(BUILD)/spi_sim.log
	clang-format --dry-run --Werror tests/kernel/spi_sim/spi_sim.c
vm-spi-check: $(VM_DEPS) $(SPI_SIM_KO)
	KVER=$(KVER) tests/vm/run $(BUILD) tests/vm/spi.sh tests/vm/lib.sh \
		tests/data/example.conf $(SPI_SIM_KO)
.PHONY: vm-spi-check

# The USB transport under qemu: dummy_hcd both the host controller and the
# gadget's device controller, usb-gadget's FunctionFS function the
# co-processor's end (usbtool, then netsplit-fw).
vm-usb-check: $(VM_DEPS)
	KVER=$(KVER) tests/vm/run $(BUILD) tests/vm/usb.sh tests/vm/lib.sh \
		tests/data/example.conf firmware/port/linux/usb-gadget
.PHONY: vm-usb-check

# dkms builds and removes the module in trees of its own under $(BUILD).
dkms-check: kernel/ethsta.ko
	tests/kernel/dkms-check $(BUILD)/dkms $(KVER)

# The units and the sleep hook come from templates (systemd/*.in) with the
# paths of an install: SBINDIR and BINDIR, under PREFIX.
PREFIX  ?= /usr
SBINDIR ?= $(PREFIX)/sbin
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
DATADIR ?= $(PREFIX)/share
# udev rules and modprobe.d. A Debian package before trixie ships them in
# /lib, where udev and kmod ship theirs (sysctl.d, modules-load.d and
# sysusers.d are systemd's, in /usr/lib): dpkg sees one directory, not
# /lib/X and /usr/lib/X, which it would try to remove as ours alone.
BOOTLIBDIR ?= $(LIBDIR)
# Units and the sleep hook (a Debian package before trixie: /lib/systemd).
SYSTEMDDIR ?= $(BOOTLIBDIR)/systemd
# with_paths SBINDIR BINDIR: a sed that puts those paths in a template.
with_paths = sed -e 's|@SBINDIR@|$(1)|g' -e 's|@BINDIR@|$(2)|g'
UNITS := $(patsubst systemd/%.in,$(BUILD)/systemd/%,$(wildcard systemd/*.in))
$(BUILD)/systemd/%: systemd/%.in FORCE
	@mkdir -p $(dir $@)
	@$(call with_paths,$(SBINDIR),$(BINDIR)) $< > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# systemd-analyze verify also checks that ExecStart exists: the units
# pointed at the build tree for that; and the exposure each leaves, as
# systemd rates it: at most 3.0.
verify-units: $(PROGRAMS:%=$(BUILD)/%)
	@mkdir -p $(BUILD)/units
	@for u in systemd/*.service.in; do \
		$(call with_paths,$(abspath $(BUILD)),$(abspath $(BUILD))) $$u \
			> $(BUILD)/units/$$(basename $$u .in); \
	done
	systemd-analyze verify $(BUILD)/units/*.service
	@for u in $(BUILD)/units/*.service; do \
		score=$$(systemd-analyze security --offline=true $$u | \
			sed -n 's/.*exposure level for .*: \([0-9.]*\).*/\1/p'); \
		echo "$${u##*/}: exposure $$score (at most 3.0)"; \
		awk -v s="$$score" 'BEGIN { exit !(s != "" && s <= 3.0) }' || exit 1; \
	done

# Installs the programs, units, hooks and drop-ins (DESTDIR for packaging).
install: programs $(UNITS)
	install -D -m 0755 $(BUILD)/netsplitd $(DESTDIR)$(SBINDIR)/netsplitd
	install -D -m 0755 $(BUILD)/netsplit-cpd $(DESTDIR)$(SBINDIR)/netsplit-cpd
	install -D -m 0755 $(BUILD)/netsplit-fw $(DESTDIR)$(SBINDIR)/netsplit-fw
	install -D -m 0755 $(BUILD)/netsplitctl $(DESTDIR)$(BINDIR)/netsplitctl
	install -D -m 0644 $(BUILD)/netsplit.bpf.o \
		$(DESTDIR)$(LIBDIR)/bpf/netsplit.bpf.o
	install -D -m 0755 firmware/port/linux/usb-gadget \
		$(DESTDIR)$(LIBDIR)/netsplit/usb-gadget
	install -D -m 0644 userspace/netsplitctl/completion.bash \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/netsplitctl
	for d in $(DAEMONS); do \
		ln -sf netsplitctl $(DESTDIR)$(DATADIR)/bash-completion/completions/$$d; \
	done
	install -D -m 0644 -t $(DESTDIR)$(DATADIR)/man/man8 $(filter %.8,$(MAN_PAGES))
	install -D -m 0644 -t $(DESTDIR)$(DATADIR)/man/man5 $(filter %.5,$(MAN_PAGES))
	install -D -m 0644 -t $(DESTDIR)$(SYSTEMDDIR)/system \
		$(filter %.service,$(UNITS))
	install -D -m 0755 $(BUILD)/systemd/netsplit-sleep \
		$(DESTDIR)$(SYSTEMDDIR)/system-sleep/netsplit
	install -D -m 0644 systemd/90-netsplit.conf \
		$(DESTDIR)$(LIBDIR)/sysctl.d/90-netsplit.conf
	install -D -m 0644 systemd/70-netsplit.rules \
		$(DESTDIR)$(BOOTLIBDIR)/udev/rules.d/70-netsplit.rules
	install -D -m 0644 systemd/sysusers.conf \
		$(DESTDIR)$(LIBDIR)/sysusers.d/netsplit.conf
	test -e $(DESTDIR)/etc/netsplit/netsplit.conf || \
		install -D -m 0644 systemd/netsplit.conf \
			$(DESTDIR)/etc/netsplit/netsplit.conf

# What install puts there, but /etc/netsplit/netsplit.conf: it holds the
# admin's changes (remove it by hand).
INSTALLED = $(addprefix $(SBINDIR)/,netsplitd netsplit-cpd netsplit-fw) \
	$(BINDIR)/netsplitctl $(LIBDIR)/bpf/netsplit.bpf.o \
	$(LIBDIR)/netsplit/usb-gadget \
	$(DATADIR)/bash-completion/completions/netsplitctl \
	$(DAEMONS:%=$(DATADIR)/bash-completion/completions/%) \
	$(patsubst $(BUILD)/man/%,$(DATADIR)/man/man8/%,$(filter %.8,$(MAN_PAGES))) \
	$(patsubst $(BUILD)/man/%,$(DATADIR)/man/man5/%,$(filter %.5,$(MAN_PAGES))) \
	$(addprefix $(SYSTEMDDIR)/system/,netsplitd.service netsplit-cpd.service) \
	$(SYSTEMDDIR)/system-sleep/netsplit $(LIBDIR)/sysctl.d/90-netsplit.conf \
	$(BOOTLIBDIR)/udev/rules.d/70-netsplit.rules $(LIBDIR)/sysusers.d/netsplit.conf
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
.PHONY: uninstall

# The Debian packages netsplit and ethsta-dkms, into $(BUILD)/deb; their
# own build tree is debian/build. dpkg-buildpackage writes them next to the
# source tree: they are moved from there.
DEB_DIR := $(BUILD)/deb
deb:
	@test "$$(dpkg-parsechangelog -S Version)" = "$(VERSION)" || \
		{ echo "debian/changelog's version is not $(VERSION), kernel/dkms.conf's"; \
		exit 1; }
	dpkg-buildpackage -b -us -uc
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	mv ../netsplit_$(VERSION)_* ../netsplit-dbgsym_$(VERSION)_* \
		../ethsta-dkms_$(VERSION)_* $(DEB_DIR)/
	debian/rules clean
	@ls $(DEB_DIR)
.PHONY: deb

# The driver's source for DKMS, with the one shared header it includes,
# and what loads it at boot (with the module, not without it).
DKMS_DIR = $(DESTDIR)/usr/src/ethsta-$(VERSION)
install-dkms:
	install -D -m 0644 -t $(DKMS_DIR) kernel/Kbuild kernel/dkms.conf \
		$(filter-out %.mod.c,$(wildcard kernel/*.c kernel/*.h))
	install -D -m 0644 -t $(DKMS_DIR)/include/netsplit include/netsplit/bus.h \
		include/netsplit/types.h
	install -D -m 0644 systemd/modules-load.conf \
		$(DESTDIR)$(LIBDIR)/modules-load.d/ethsta.conf
	install -D -m 0644 systemd/modprobe.conf \
		$(DESTDIR)$(BOOTLIBDIR)/modprobe.d/ethsta.conf
.PHONY: install-dkms

$(BUILD)/bench-restore: bench/restore.c $(BUILD)/libnetsplit.a $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $< $(BUILD)/libnetsplit.a \
		$(LDLIBS) -o $@

# Every part runs, whichever fails (tests/tools/parts), and the last line
# names the parts that failed: a part that measured nothing fails.
bench: deps-check $(BUILD)/bench $(BUILD)/empty.skel.h $(BUILD)/bench-restore \
		$(TEST_TOOLS) $(BUILD)/vm/verifier $(PROGRAMS:%=$(BUILD)/%) $(BUILD)/netsplit-fw \
		$(PROGRAMS:%=$(BUILD)/san/%) $(BUILD)/san/netsplit-fw
	@tests/tools/parts bench \
		classes "$(BUILD)/bench" \
		verifier "$(BUILD)/vm/verifier" \
		restore "bench/restore.sh $(BUILD)" \
		wake-cpd "LAB_COPROC=cpd bench/wake.sh $(BUILD)" \
		wake-fw "LAB_COPROC=fw bench/wake.sh $(BUILD)" \
		lab-cpd "LAB_COPROC=cpd bench/lab.sh $(BUILD)" \
		lab-fw "LAB_COPROC=fw bench/lab.sh $(BUILD)" \
		control-cpd "LAB_COPROC=cpd bench/control.sh $(BUILD)" \
		control-fw "LAB_COPROC=fw bench/control.sh $(BUILD)" \
		faults-cpd "LAB_COPROC=cpd bench/faults.sh $(BUILD)" \
		faults-fw "LAB_COPROC=fw bench/faults.sh $(BUILD)" \
		firmware "$(MAKE) --no-print-directory bench-fw" \
		vm "$(MAKE) --no-print-directory vm-bench"

vm-bench: $(VM_DEPS) $(SPI_SIM_KO)
	KVER=$(KVER) tests/vm/run $(BUILD) bench/driver.sh bench/vm.sh
	KVER=$(KVER) tests/vm/run $(BUILD) bench/spi.sh bench/vm.sh $(SPI_SIM_KO)
	KVER=$(KVER) tests/vm/run $(BUILD) bench/usb.sh bench/vm.sh \
		tests/vm/lib.sh firmware/port/linux/usb-gadget
.PHONY: vm-bench

# The lab walkthrough; KEEP=1 leaves the lab up to explore; COPROC=fw has
# the firmware (netsplit-fw over lwIP) as the co-processor.
COPROC ?= cpd
demo: deps-check $(PROGRAMS:%=$(BUILD)/%) $(BUILD)/netsplit-fw
	KEEP=$(KEEP) LAB_COPROC=$(COPROC) tests/lab/demo

# The soak (tests/soak/soak), not part of check: it takes SOAK_MINUTES, and
# runs the programs built without sanitizers, whose memory is their own.
SOAK_MINUTES ?= 30
soak: deps-check $(PROGRAMS:%=$(BUILD)/%)
	tests/soak/soak $(BUILD) $(SOAK_MINUTES)

# Installs what is missing, so `sudo make check` works on a fresh Debian.
deps-check:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq $$missing; fi

deps: deps-check lwip

clean:
	rm -rf $(BUILD)
	-$(MAKE) -C kernel clean KDIR=$(KDIR)

# Test tools: small programs the BATS suites drive.
$(TEST_TOOLS): $(BUILD)/tests/%: tests/tools/%.c $(BUILD)/san/libnetsplit.a $(HEADERS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(SANITIZE) $< \
		$(BUILD)/san/libnetsplit.a $(LDLIBS) -o $@

# The sample capture of `make demo`; regenerate after changing mksample.
$(BUILD)/mksample: tests/tools/mksample.c $(TEST_HELPERS) tests/lib/frames.h
	$(CC) $(CPPFLAGS) -Itests/lib $(CFLAGS) $(WARNINGS) $< $(TEST_HELPERS) \
		$(LDLIBS) -o $@
sample: $(BUILD)/mksample
	$(BUILD)/mksample tests/data/sample.pcap
.PHONY: sample
