// SPDX-License-Identifier: GPL-2.0-only
/*
 * The co-processor's Wi-Fi station as netsplitd sees it: the credentials
 * of [wifi] go to the co-processor on every connection (one that has them
 * already changes nothing), netsplitctl wifi set sends others, and its
 * state comes with the status. The passphrase is read from psk_file when
 * it is sent, kept no longer, and never logged or shown.
 */
#include <errno.h>
#include <string.h>

#include "hostd.h"
#include "log.h"
#include "wifi_psk.h"

int hostd_wifi_check(struct hostd *h)
{
	const struct ns_host_settings *set = &h->cfg.host;
	char psk[NS_WIFI_PSK_MAX + 1], err[PATH_MAX + 128];
	int ret = 0;

	if (set->wifi_psk_file[0] && !set->wifi_ssid[0]) {
		ns_log(LOG_ERR,
		       "%s: [wifi] psk_file without ssid: add ssid = NAME",
		       h->config_path);
		return -EINVAL;
	}
	if (set->wifi_psk_file[0])
		ret = ns_wifi_psk_read(set->wifi_psk_file, psk, sizeof(psk),
				       err, sizeof(err));
	ns_scrub(psk, sizeof(psk));
	if (ret)
		ns_log(LOG_ERR, "[wifi] psk_file: %s", err);
	return ret;
}

/* Sends the credentials; the request's id, to know its answer. */
static void hostd_wifi_send(struct hostd *h, const char *ssid,
			    const char *psk)
{
	struct ns_msg req;

	ns_conn_request(h->peer, &req, NS_MSG_SET_WIFI);
	ns_wifi_request(&req, ssid, psk);
	h->wifi_request = req.request_id;
	if (ns_conn_send(h->peer, &req))
		ns_conn_close(h->peer);
	ns_scrub(&req.wifi_psk, sizeof(req.wifi_psk));
}

void hostd_wifi_greet(struct hostd *h)
{
	const struct ns_host_settings *set = &h->cfg.host;
	char psk[NS_WIFI_PSK_MAX + 1] = "", err[PATH_MAX + 128];

	if (!set->wifi_ssid[0] || !h->peer)
		return;
	if (set->wifi_psk_file[0] &&
	    ns_wifi_psk_read(set->wifi_psk_file, psk, sizeof(psk), err,
			     sizeof(err))) {
		ns_log(LOG_ERR,
		       "[wifi] psk_file: %s; the co-processor keeps the credentials it has",
		       err);
		return;
	}
	ns_log(LOG_INFO, "Wi-Fi credentials for %s to the co-processor",
	       set->wifi_ssid);
	hostd_wifi_send(h, set->wifi_ssid, psk);
	ns_scrub(psk, sizeof(psk));
}

void hostd_wifi_answered(struct hostd *h, const struct ns_msg *msg)
{
	if (msg->type == NS_MSG_SET_WIFI) {
		h->wifi = msg->wifi;
		h->have_wifi = true;
		return;
	}
	if (msg->error == NS_PERR_NOT_SUPPORTED ||
	    msg->error == NS_PERR_UNKNOWN_TYPE)
		ns_log(LOG_WARNING,
		       "the co-processor has no Wi-Fi station of netsplit's (netsplit-cpd, whose uplink Linux configures, or an older firmware): it did not take the credentials");
	else
		ns_log(LOG_WARNING,
		       "the co-processor did not take the Wi-Fi credentials: %s",
		       msg->text);
}

/*
 * From netsplitctl: to the co-processor, if it has a station; the answer
 * is its state now (connecting, as a rule), and the outcome follows in
 * status.
 */
int hostd_wifi_local(struct hostd *h, const struct ns_msg *msg,
		     struct ns_msg *reply)
{
	if (!h->peer || h->peer->closed || h->peer_state != NS_PEER_UP)
		return -NS_PERR_UNAVAILABLE;
	if (!h->have_wifi)
		return -NS_PERR_NOT_SUPPORTED;
	ns_log(LOG_NOTICE, "Wi-Fi credentials for %s from netsplitctl",
	       msg->wifi.ssid);
	hostd_wifi_send(h, msg->wifi.ssid,
			msg->fields & NS_FIELD(NS_TLV_WIFI_PSK) ? msg->wifi_psk
								: "");
	reply->type = NS_MSG_SET_WIFI;
	reply->wifi = h->wifi;
	reply->fields = ns_wifi_fields(&h->wifi);
	return 0;
}
