// SPDX-License-Identifier: GPL-2.0-only
/*
 * netsplit-fw's radio with --access-points FILE: the uplink as a Wi-Fi
 * station, the way the lab sees it. FILE lists the access points the
 * radio "hears", one a line:
 *
 *   SSID BSSID RSSI [PASSPHRASE]
 *
 * (no passphrase: an open network; # starts a comment). An attempt reads
 * the file then and ends as a real one would, a moment later: associated
 * when the SSID is listed with that passphrase, refused when the
 * passphrase differs, no AP when the SSID is not listed. While not
 * associated, the radio hears and sends nothing. Without the option the
 * uplink is a wire: no station, always up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw.h"
#include "log.h"
#include "parse.h"

/* How long an association takes here: long enough to be seen as one. */
#define FW_RADIO_ASSOC_MS 20

/* The line of ssid in the file: its BSSID, RSSI and passphrase. */
static int fw_radio_find(const char *path, const char *ssid,
			 struct fw_radio *radio, char *psk, size_t psk_size)
{
	char *line = NULL, *p, *name, *bssid, *rssi, *pass;
	unsigned int mac[6];
	size_t cap = 0;
	int ret = -ENOENT, i;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	while (ret == -ENOENT && getline(&line, &cap, f) > 0) {
		p = ns_trim(line);
		if (!*p || *p == '#')
			continue;
		name = strtok_r(p, " \t", &p);
		bssid = strtok_r(NULL, " \t", &p);
		rssi = strtok_r(NULL, " \t", &p);
		pass = ns_trim(p);
		if (!name || strcmp(name, ssid))
			continue;
		if (!bssid || !rssi ||
		    sscanf(bssid, "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1],
			   &mac[2], &mac[3], &mac[4], &mac[5]) != 6) {
			ret = -EINVAL;
			break;
		}
		for (i = 0; i < 6; i++)
			radio->bssid[i] = (__u8)mac[i];
		radio->rssi = (__s8)atoi(rssi);
		snprintf(psk, psk_size, "%s", pass);
		ret = 0;
	}
	if (line)
		ns_scrub(line, (__u32)cap);
	free(line);
	fclose(f);
	return ret;
}

int fw_radio_connect(void *ctx, const char *ssid, const char *psk)
{
	struct fw *fw = ctx;
	struct fw_radio *radio = &fw->radio;
	char heard[NS_WIFI_PSK_MAX + 2];
	int ret;

	ret = fw_radio_find(fw->access_points, ssid, radio, heard,
			    sizeof(heard));
	if (ret == -ENOENT)
		radio->result = FW_RADIO_NO_AP;
	else if (ret)
		ns_log(LOG_ERR,
		       "cannot read the access points of %s for %s: %s (a line is SSID BSSID RSSI [PASSPHRASE])",
		       fw->access_points, ssid, strerror(-ret));
	else
		radio->result = strcmp(heard, psk) ? FW_RADIO_REFUSED
						   : FW_RADIO_ASSOCIATED;
	ns_scrub(heard, sizeof(heard));
	if (ret && ret != -ENOENT)
		return -1;
	radio->due = fw_now(fw) + FW_RADIO_ASSOC_MS;
	return 0;
}

int fw_radio_poll(struct fw *fw)
{
	struct fw_radio *radio = &fw->radio;
	__u64 now = fw_now(fw);
	enum fw_radio_result result = radio->result;

	if (result == FW_RADIO_IDLE)
		return -1;
	if (now < radio->due)
		return (int)(radio->due - now);
	radio->result = FW_RADIO_IDLE;
	if (result == FW_RADIO_ASSOCIATED)
		ns_mcu_sta_connected(&fw->mcu, radio->bssid, radio->rssi);
	else
		ns_mcu_sta_disconnected(&fw->mcu,
					result == FW_RADIO_REFUSED
						? NS_STA_REASON_AUTH
						: NS_STA_REASON_NO_AP);
	return -1;
}

bool fw_radio_associated(const struct fw *fw)
{
	return !fw->access_points || fw->mcu.sta.state == NS_WIFI_CONNECTED;
}
