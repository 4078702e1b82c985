# SPDX-License-Identifier: GPL-2.0-only
#
# lwIP for the firmware: the files lwIP's own Filelists.mk names for the
# core (IPv4, IPv6), Ethernet, lwiperf and the MQTT client, built with our
# lwipopts.h and a port's arch/cc.h into OUT/liblwip.a. Run by
# firmware/firmware.mk once lwIP is fetched, as
#
#   make -f firmware/lwip/lwip.mk LWIPDIR=DIR/src OUT=DIR PORT=DIR CC=... CFLAGS=...

include $(LWIPDIR)/Filelists.mk

LWIP_SRCS := $(COREFILES) $(CORE4FILES) $(CORE6FILES) \
	$(LWIPDIR)/netif/ethernet.c $(LWIPERFFILES) $(MQTTFILES)
LWIP_OBJS := $(patsubst $(LWIPDIR)/%.c,$(OUT)/%.o,$(LWIP_SRCS))
LWIP_CPPFLAGS := -I$(LWIPDIR)/include -Ifirmware/lwip -I$(PORT)

$(OUT)/liblwip.a: $(LWIP_OBJS)
	ar rcs $@ $^

# Fetched again (a new patch), lwIP's files keep their old dates: the
# fetch's stamp makes them new.
$(OUT)/%.o: $(LWIPDIR)/%.c $(LWIPDIR)/../.fetched firmware/lwip/lwipopts.h \
		firmware/lwip/local_ports.h $(PORT)/arch/cc.h
	@mkdir -p $(dir $@)
	$(CC) $(LWIP_CPPFLAGS) $(CFLAGS) -Wall -Wextra -Werror -c $< -o $@
