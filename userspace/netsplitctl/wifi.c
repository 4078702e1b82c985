// SPDX-License-Identifier: GPL-2.0-only
/* netsplitctl wifi set: the co-processor's station credentials. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "client.h"
#include "wifi_psk.h"

static const char ns_wifi_usage[] =
	"usage: netsplitctl wifi set SSID (--psk-file FILE | --open)\n"
	"                            [--socket ENDPOINT]\n"
	"\n"
	"Gives the co-processor's Wi-Fi station new credentials, through\n"
	"netsplitd (or straight to a co-processor's ENDPOINT). The passphrase\n"
	"is read from FILE (\"-\": standard input), never from the command line;\n"
	"FILE must be root's or yours, readable by its owner only (chmod 600).\n"
	"The co-processor keeps them (NVS, or netsplit-fw's state file) and\n"
	"connects; 'netsplitctl status' follows it: connecting, connected (with\n"
	"the access point), wrong password, no AP. The same credentials again\n"
	"change nothing while it is connected, and retry at once after a\n"
	"failure.\n";

/* Why the daemon refused, in words that say what to do. */
static const char *ns_wifi_refusal(const struct ns_session *s, int ret)
{
	if (ret > 0 || s->reply.type != NS_MSG_ERROR)
		return ns_session_refusal(s, ret);
	switch (s->reply.error) {
	case NS_PERR_NOT_SUPPORTED:
	case NS_PERR_UNKNOWN_TYPE:
		return "the co-processor has no Wi-Fi station of netsplit's (netsplit-cpd's uplink is configured by Linux; netsplit-fw needs --access-points)";
	case NS_PERR_UNAVAILABLE:
		return "netsplitd is not connected to the co-processor now (netsplitctl status)";
	case NS_PERR_BAD_VALUE:
		return "the co-processor cannot use these credentials";
	}
	return ns_session_refusal(s, ret);
}

static int ns_wifi_send(const char *socket, const char *ssid, const char *psk)
{
	static struct ns_session s;
	int ret;

	ret = ns_session_open(&s, socket);
	if (ret)
		return ret;
	ns_conn_request(&s.conn, &s.req, NS_MSG_SET_WIFI);
	ns_wifi_request(&s.req, ssid, psk);
	ret = ns_session_call(&s, NS_MSG_SET_WIFI);
	ns_scrub(s.req.wifi_psk, sizeof(s.req.wifi_psk));
	ns_conn_close(&s.conn);
	if (ret)
		return ns_fail("%s did not take the Wi-Fi credentials: %s",
			       socket,
			       ns_wifi_refusal(&s, ret));
	printf("Wi-Fi credentials for %s sent; the station: %s\n", ssid,
	       ns_wifi_state_name[s.reply.wifi.state]);
	return NS_EXIT_OK;
}

int ns_cmd_wifi(struct ns_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "psk-file", required_argument, NULL, 'p' },
		{ "open", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *socket = NULL, *psk_file = NULL, *ssid;
	char psk[NS_WIFI_PSK_MAX + 1] = "", err[512];
	bool open_network = false;
	int opt, ret;

	(void)cli;
	if (ns_wants_help(argc, argv)) {
		fputs(ns_wifi_usage, stdout);
		return NS_EXIT_OK;
	}
	optind = 1;
	while ((opt = ns_getopt("wifi", argc, argv, longopts)) != -1) {
		if (opt == 's')
			socket = optarg;
		else if (opt == 'p')
			psk_file = optarg;
		else if (opt == 'o')
			open_network = true;
		else
			return NS_EXIT_USAGE;
	}
	if (optind + 2 != argc || strcmp(argv[optind], "set"))
		return ns_usage_error("wifi", "expected: wifi set SSID");
	ssid = argv[optind + 1];
	if (!psk_file == !open_network)
		return ns_usage_error("wifi",
				      "--psk-file FILE or --open: one of them");
	if (!ns_wifi_usable(ssid, ""))
		return ns_usage_error("wifi",
				      "'%s' is no SSID: 1-32 printable ASCII characters",
				      ssid);
	if (psk_file && ns_wifi_psk_read(psk_file, psk, sizeof(psk), err,
					 sizeof(err)))
		return ns_fail("%s", err);
	ret = ns_wifi_send(ns_endpoint(socket), ssid, psk);
	ns_scrub(psk, sizeof(psk));
	return ret;
}
