// SPDX-License-Identifier: GPL-2.0-only
/* netsplitctl classify: one verdict per frame of a pcap file. */
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netsplit/bpf_abi.h>
#include <netsplit/reasons.h>

#include "bpf_engine.h"
#include "cli.h"
#include "config.h"
#include "fw_engine.h"
#include "native.h"
#include "parse.h"

static const char ns_classify_usage[] =
	"usage: netsplitctl classify --pcap FILE [--config FILE] [--address ADDR]...\n"
	"           [--host-state awake|sleeping|down] [--slave-listens tcp:PORT,udp:PORT]\n"
	"           [--engine bpf|native|fw|both|all] [--json]\n"
	"\n"
	"Prints where each frame of an Ethernet pcap capture goes and why.\n"
	"\n"
	"  --pcap FILE           the capture (tcpdump -w FILE -s 0 on an Ethernet link)\n"
	"  --config FILE         rule table (default: built-in defaults)\n"
	"  --address ADDR        a shared IPv4 or IPv6 address; repeatable (one IPv4,\n"
	"                        up to 4 IPv6); without it frames are never 'not-ours'\n"
	"  --host-state STATE    awake (default), sleeping or down\n"
	"  --slave-listens LIST  ports the co-processor listens on, e.g. tcp:5001,udp:5001\n"
	"  --engine ENGINE       bpf: the splitter through BPF_PROG_TEST_RUN (needs root);\n"
	"                        native: the same classifier in user space;\n"
	"                        fw: the co-processor's core, as the firmware runs it;\n"
	"                        both (default): bpf and native; all: the three;\n"
	"                        with more than one, exit 1 at the first frame where\n"
	"                        they disagree\n"
	"  --json                JSON Lines: an object per frame, with frame, verdict,\n"
	"                        wake, reason\n";

/* Engines, as bits; the choices of --engine are sets of them. */
enum ns_engine {
	NS_ENGINE_BPF = 1,
	NS_ENGINE_NATIVE = 2,
	NS_ENGINE_FW = 4,
};

static const char *const ns_engine_choice[] = { "bpf", "native", "fw",
						 "both", "all" };
static const __u8 ns_engine_set[] = {
	NS_ENGINE_BPF,
	NS_ENGINE_NATIVE,
	NS_ENGINE_FW,
	NS_ENGINE_BPF | NS_ENGINE_NATIVE,
	NS_ENGINE_BPF | NS_ENGINE_NATIVE | NS_ENGINE_FW,
};

struct ns_classify_opts {
	const char *pcap;
	const char *config;
	struct ns_rules rules;
	struct ns_slave_port slave[NS_SLAVE_PORTS_MAX];
	unsigned int slave_count;
	int engines;
	bool json;
};

static int ns_add_address(struct ns_rules *r, const char *s)
{
	struct ns_table *t = &r->table;
	__u8 addr[16];
	int family;

	if (ns_parse_address(s, addr, &family))
		return -EINVAL;
	if (family == 4) {
		if (t->ipv4[0] || t->ipv4[1] || t->ipv4[2] || t->ipv4[3])
			return -E2BIG;
		memcpy(t->ipv4, addr, 4);
		return 0;
	}
	if (t->ipv6_count == NS_IPV6_MAX)
		return -E2BIG;
	memcpy(t->ipv6[t->ipv6_count++], addr, 16);
	return 0;
}

/* "tcp:5001,udp:5001" */
static int ns_parse_slave_listens(const char *s, struct ns_classify_opts *o)
{
	char buf[1024];
	char *item, *next, *port;
	__u8 proto;
	__u16 p;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (item = buf; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		port = strchr(item, ':');
		if (!port)
			return -EINVAL;
		*port++ = '\0';
		if (!strcmp(item, "tcp"))
			proto = IPPROTO_TCP;
		else if (!strcmp(item, "udp"))
			proto = IPPROTO_UDP;
		else
			return -EINVAL;
		if (ns_parse_port(port, &p) || o->slave_count == NS_SLAVE_PORTS_MAX)
			return -EINVAL;
		o->slave[o->slave_count].proto = proto;
		o->slave[o->slave_count].port = p;
		o->slave_count++;
	}
	return 0;
}

static int ns_classify_parse(int argc, char **argv, struct ns_classify_opts *o)
{
	static const struct option longopts[] = {
		{ "pcap", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		{ "address", required_argument, NULL, 'a' },
		{ "host-state", required_argument, NULL, 's' },
		{ "slave-listens", required_argument, NULL, 'l' },
		{ "engine", required_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *addresses[1 + NS_IPV6_MAX + 1];
	unsigned int naddr = 0, i;
	const char *state = NULL;
	char err[512];
	__u8 v;
	int opt;

	o->engines = NS_ENGINE_BPF | NS_ENGINE_NATIVE;
	ns_rules_default(&o->rules);
	optind = 1;
	while ((opt = ns_getopt("classify", argc, argv, longopts)) != -1) {
		switch (opt) {
		case 'p':
			o->pcap = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'a':
			if (naddr == NS_ARRAY_SIZE(addresses))
				return ns_usage_error("classify",
						      "too many --address options");
			addresses[naddr++] = optarg;
			break;
		case 's':
			state = optarg;
			break;
		case 'l':
			if (ns_parse_slave_listens(optarg, o))
				return ns_usage_error("classify",
						      "--slave-listens %s: expected PROTO:PORT,... with PROTO tcp or udp",
						      optarg);
			break;
		case 'e':
			if (ns_parse_name(optarg, ns_engine_choice,
					  NS_ARRAY_SIZE(ns_engine_choice), &v))
				return ns_usage_error("classify",
						      "--engine %s: expected bpf, native, fw, both or all",
						      optarg);
			o->engines = ns_engine_set[v];
			break;
		case 'j':
			o->json = true;
			break;
		default:
			return NS_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return ns_usage_error("classify", "unexpected argument '%s'",
				      argv[optind]);
	if (!o->pcap)
		return ns_usage_error("classify", "--pcap FILE is required");
	if (o->config &&
	    ns_config_load(o->config, &o->rules, err, sizeof(err)))
		return ns_fail("%s", err);
	if (o->config)
		ns_config_warn(stderr, o->config, &o->rules);
	for (i = 0; i < naddr; i++) {
		switch (ns_add_address(&o->rules, addresses[i])) {
		case 0:
			break;
		case -E2BIG:
			return ns_usage_error("classify",
					      "--address %s: at most one IPv4 and %d IPv6 addresses",
					      addresses[i], NS_IPV6_MAX);
		default:
			return ns_usage_error("classify",
					      "--address %s: not an IPv4 or IPv6 address",
					      addresses[i]);
		}
	}
	if (state && ns_parse_name(state, ns_host_state_name,
				   NS_HOST_STATE_COUNT,
				   &o->rules.table.host_state))
		return ns_usage_error("classify",
				      "--host-state %s: expected awake, sleeping or down",
				      state);
	return NS_EXIT_OK;
}

static void ns_print_result(const struct ns_classify_opts *o,
			    unsigned long frame, const struct ns_result *res)
{
	if (o->json) {
		printf("{\"frame\":%lu,\"verdict\":", frame);
		ns_json_str(ns_dest_name[res->dest]);
		printf(",\"wake\":%s,\"reason\":", res->wake ? "true" : "false");
		ns_json_str(ns_reason_name[res->reason]);
		printf("}\n");
	} else
		printf("%lu %s %s%s\n", frame, ns_dest_name[res->dest],
		       ns_reason_name[res->reason], res->wake ? " wake" : "");
}

static bool ns_results_equal(const struct ns_result *a,
			     const struct ns_result *b)
{
	return a->dest == b->dest && a->reason == b->reason &&
	       a->wake == b->wake;
}

struct ns_classify_run {
	struct ns_classify_opts *opts;
	struct ns_native *native;
	struct ns_bpf_engine *bpf;
	struct ns_fw_engine *fw;
};

static int ns_classify_setup(struct ns_classify_run *run)
{
	struct ns_classify_opts *o = run->opts;
	char err[512];
	unsigned int i;
	int ret = 0;

	if (o->engines & NS_ENGINE_NATIVE) {
		run->native = ns_native_new(&o->rules);
		if (!run->native)
			return ns_fail("out of memory");
		for (i = 0; i < o->slave_count; i++)
			ns_native_add_slave_port(run->native, o->slave[i].proto,
						 o->slave[i].port);
	}
	if (o->engines & NS_ENGINE_FW) {
		run->fw = ns_fw_engine_new(&o->rules);
		if (!run->fw)
			return ns_fail("out of memory");
		for (i = 0; i < o->slave_count; i++)
			ns_fw_engine_add_slave_port(run->fw, o->slave[i].proto,
						    o->slave[i].port);
	}
	if (o->engines & NS_ENGINE_BPF) {
		run->bpf = ns_bpf_engine_new(&o->rules, err, sizeof(err));
		if (!run->bpf)
			return ns_fail("%s (the BPF engine needs root; --engine native runs without)",
				       err);
		for (i = 0; !ret && i < o->slave_count; i++)
			ret = ns_maps_add_slave_port(ns_bpf_engine_maps(run->bpf),
						     o->slave[i].proto,
						     o->slave[i].port);
		if (ret)
			return ns_fail("cannot list the slave's ports: %s",
				       strerror(-ret));
	}
	return NS_EXIT_OK;
}

/* An engine's answer against the first one's; false (said) when apart. */
static bool ns_engines_agree(unsigned long n, const char *first_name,
			     const struct ns_result *first, const char *name,
			     const struct ns_result *res)
{
	if (ns_results_equal(first, res))
		return true;
	ns_fail("frame %lu: the engines disagree: %s says %s %s%s, %s says %s %s%s",
		n, name, ns_dest_name[res->dest], ns_reason_name[res->reason],
		res->wake ? " wake" : "", first_name, ns_dest_name[first->dest],
		ns_reason_name[first->reason], first->wake ? " wake" : "");
	return false;
}

static int ns_classify_frame(struct ns_classify_run *run, unsigned long n,
			     const __u8 *frame, size_t len)
{
	struct ns_result native, bpf, fw;
	const struct ns_result *first = NULL;
	const char *first_name = NULL;
	char err[512];

	if (run->native) {
		ns_native_classify(run->native, frame, len, &native);
		first = &native;
		first_name = "native";
	}
	if (run->fw) {
		ns_fw_engine_classify(run->fw, frame, len, &fw);
		if (first && !ns_engines_agree(n, first_name, first, "fw", &fw))
			return NS_EXIT_FAIL;
		if (!first) {
			first = &fw;
			first_name = "fw";
		}
	}
	/* No XDP program ever sees a runt; BPF_PROG_TEST_RUN refuses one. */
	if (run->bpf && len < ETH_HLEN) {
		if (!first)
			return ns_fail("frame %lu: %zu bytes, shorter than an Ethernet header; only --engine native classifies it, or fw",
				       n, len);
		fprintf(stderr, "netsplitctl: frame %lu: %zu bytes, classified by the %s engine only\n",
			n, len,
			run->native && run->fw ? "native and the fw" : first_name);
		ns_print_result(run->opts, n, first);
		return NS_EXIT_OK;
	}
	if (run->bpf &&
	    ns_bpf_engine_classify(run->bpf, frame, len, &bpf, err, sizeof(err)))
		return ns_fail("frame %lu: %s", n, err);
	if (run->bpf && first && !ns_engines_agree(n, first_name, first, "bpf", &bpf))
		return NS_EXIT_FAIL;
	ns_print_result(run->opts, n, first ? first : &bpf);
	return NS_EXIT_OK;
}

int ns_cmd_classify(struct ns_cli *cli, int argc, char **argv)
{
	struct ns_classify_opts *o;
	struct ns_classify_run run = { 0 };
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const u_char *data;
	unsigned long n = 0;
	pcap_t *pcap = NULL;
	int ret, got;

	(void)cli;
	if (ns_wants_help(argc, argv)) {
		fputs(ns_classify_usage, stdout);
		return NS_EXIT_OK;
	}
	o = calloc(1, sizeof(*o));
	if (!o)
		return ns_fail("out of memory");
	run.opts = o;
	ret = ns_classify_parse(argc, argv, o);
	if (ret)
		goto out;
	pcap = pcap_open_offline(o->pcap, errbuf);
	if (!pcap) {
		/* libpcap names the file it cannot open, not one it cannot read. */
		if (!strncmp(errbuf, o->pcap, strlen(o->pcap)))
			ret = ns_fail("%s", errbuf);
		else
			ret = ns_fail("%s: not a pcap capture: %s", o->pcap,
				      errbuf);
		goto out;
	}
	if (pcap_datalink(pcap) != DLT_EN10MB) {
		ret = ns_fail("%s: link type %s; netsplit classifies Ethernet frames (capture with tcpdump -i IF on the uplink, not -i any)",
			      o->pcap,
			      pcap_datalink_val_to_name(pcap_datalink(pcap)));
		goto out;
	}
	ret = ns_classify_setup(&run);
	if (ret)
		goto out;
	while ((got = pcap_next_ex(pcap, &hdr, &data)) == 1) {
		ret = ns_classify_frame(&run, ++n, data, hdr->caplen);
		if (ret)
			goto out;
	}
	if (got == PCAP_ERROR)
		ret = ns_fail("%s: %s", o->pcap, pcap_geterr(pcap));
out:
	if (pcap)
		pcap_close(pcap);
	ns_native_free(run.native);
	ns_fw_engine_free(run.fw);
	ns_bpf_engine_free(run.bpf);
	free(o);
	return ret;
}
