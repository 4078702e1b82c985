// SPDX-License-Identifier: GPL-2.0-only
/*
 * The config file: "[section]" lines, "key = value" lines, "#" comments
 * (at the start of a line or after a space or tab, so also after a value;
 * a # inside a word is part of it). Every key is optional and defaults as in
 * ns_rules_default(). The file is applied whole or not at all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netsplit/validate.h>

#include "config.h"
#include "parse.h"
#include "wakesub.h"

#define NS_LINE_MAX 1024
#define NS_VALUE_MAX 160

enum ns_section {
	NS_SECTION_NONE,
	NS_SECTION_PORTS,
	NS_SECTION_POLICY,
	NS_SECTION_WAKE,
	NS_SECTION_HOST,
	NS_SECTION_COPROCESSOR,
	NS_SECTION_WIFI,
};

/* Where each key was set, to name it when a rule across keys breaks. */
struct ns_key_seen {
	const char *key;
	unsigned int line;
	char value[NS_VALUE_MAX];
};

#define NS_KEYS_MAX 64

struct ns_config_state {
	const char *name;
	struct ns_rules rules;
	struct ns_host_settings host;
	struct ns_cp_settings cp;
	bool mqtt_seen;
	struct ns_key_seen seen[NS_KEYS_MAX];
	unsigned int seen_count;
	unsigned int mqtt_line[NS_WAKE_MAX];
	char *err;
	size_t err_len;
};

static const char *const ns_collision_name[] = { "count", "drop" };

static int ns_config_fail(struct ns_config_state *st, unsigned int line,
			  const char *key, const char *value, const char *rule)
{
	if (line)
		snprintf(st->err, st->err_len, "%s:%u: %s = %s: %s", st->name,
			 line, key, value, rule);
	else
		snprintf(st->err, st->err_len, "%s: %s (default %s): %s",
			 st->name, key, value, rule);
	return -EINVAL;
}

static struct ns_key_seen *ns_config_seen(struct ns_config_state *st,
					  const char *key)
{
	unsigned int i;

	for (i = 0; i < st->seen_count; i++)
		if (!strcmp(st->seen[i].key, key))
			return &st->seen[i];
	return NULL;
}

static int ns_config_ports(struct ns_config_state *st, const char *key,
			   const char *value)
{
	__u8 id;

	if (!ns_parse_name(key, ns_range_key, NS_RANGE_COUNT, &id))
		return ns_parse_range(value, &st->rules.range[id]) ?
			       -EINVAL : 0;
	if (!ns_parse_name(key, ns_list_key, NS_LIST_WAKE_SYN, &id))
		return ns_parse_port_list(value, &st->rules.list[id]) ?
			       -EINVAL : 0;
	return -ENOENT;
}

static int ns_config_policy(struct ns_config_state *st, const char *key,
			    const char *value)
{
	struct ns_table *t = &st->rules.table;
	__u8 v;

	if (!strcmp(key, "default")) {
		if (ns_parse_name(value, ns_dest_name, NS_DEST_COUNT, &v))
			return -EINVAL;
		t->default_dest = v;
	} else if (!strcmp(key, "dhcp")) {
		if (ns_parse_name(value, ns_dest_name, NS_DEST_DROP, &v))
			return -EINVAL;
		t->dhcp_owner = v;
	} else if (!strcmp(key, "broadcast")) {
		if (ns_parse_name(value, ns_dest_name, NS_DEST_COUNT, &v) ||
		    (v != NS_DEST_SLAVE && v != NS_DEST_BOTH))
			return -EINVAL;
		t->broadcast = v;
	} else if (!strcmp(key, "port_collision")) {
		if (ns_parse_name(value, ns_collision_name, 2, &v))
			return -EINVAL;
		t->flags = (t->flags & ~NS_TABLE_F_DROP_COLLISIONS) |
			   (v ? NS_TABLE_F_DROP_COLLISIONS : 0);
	} else {
		return -ENOENT;
	}
	return 0;
}

/* Copies a topic or prefix option, which must fit a pattern string. */
static int ns_config_wake_str(const char *s, __u8 *dst, __u8 *len)
{
	size_t n = strlen(s);

	if (n > NS_WAKE_STR_MAX)
		return -EINVAL;
	memset(dst, 0, NS_WAKE_STR_MAX);
	memcpy(dst, s, n);
	*len = (__u8)n;
	return 0;
}

/* "BROKER_PORT [topic=TOPIC] [prefix=PREFIX]" */
static int ns_config_mqtt(struct ns_config_state *st, const char *value,
			  unsigned int line)
{
	struct ns_table *t = &st->rules.table;
	struct ns_wake_pattern w = { 0 };
	char buf[NS_LINE_MAX];
	char *tok, *save = NULL;

	/* The first mqtt line replaces the default pattern. */
	if (!st->mqtt_seen) {
		st->mqtt_seen = true;
		t->wake_count = 0;
		memset(st->rules.wake, 0, sizeof(st->rules.wake));
	}
	/* "mqtt =" with nothing after it leaves no MQTT wake pattern. */
	if (!*value)
		return 0;
	if (t->wake_count == NS_WAKE_MAX)
		return -E2BIG;
	snprintf(buf, sizeof(buf), "%s", value);
	tok = strtok_r(buf, " \t", &save);
	if (!tok || ns_parse_port(tok, &w.broker_port))
		return -EINVAL;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (!strncmp(tok, "topic=", 6)) {
			if (ns_config_wake_str(tok + 6, w.topic, &w.topic_len))
				return -EINVAL;
		} else if (!strncmp(tok, "prefix=", 7)) {
			if (ns_config_wake_str(tok + 7, w.prefix,
					       &w.prefix_len))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	st->mqtt_line[t->wake_count] = line;
	st->rules.wake[t->wake_count++] = w;
	return 0;
}

static int ns_config_wake(struct ns_config_state *st, const char *key,
			  const char *value, unsigned int line)
{
	if (!strcmp(key, "mqtt"))
		return ns_config_mqtt(st, value, line);
	if (!strcmp(key, "syn_ports"))
		return ns_parse_port_list(value,
					  &st->rules.list[NS_LIST_WAKE_SYN]) ?
			       -EINVAL : 0;
	if (!strcmp(key, "subscribe"))
		return ns_wake_sub_parse(value, &st->rules.sub);
	return -ENOENT;
}

static const char *ns_config_key_rule(const char *key)
{
	__u8 id;

	if (!strcmp(key, "mqtt"))
		return "expected BROKER_PORT [topic=TOPIC] [prefix=PREFIX], topic and prefix at most 64 bytes, at most 8 mqtt lines";
	if (!strcmp(key, "default"))
		return "expected slave, host, both or drop";
	if (!strcmp(key, "dhcp"))
		return "expected slave, host or both";
	if (!strcmp(key, "broadcast"))
		return "expected slave or both";
	if (!strcmp(key, "port_collision"))
		return "expected count or drop";
	if (!strcmp(key, "subscribe"))
		return NS_WAKE_SUB_SYNTAX;
	if (!ns_parse_name(key, ns_range_key, NS_RANGE_COUNT, &id))
		return "expected a port range LO-HI within 1-65535 with LO <= HI";
	return "expected a comma-separated list of distinct ports 1-65535, at most 15";
}

/*
 * A comment starts with a # at the start of the line or after a space or
 * tab; any other # belongs to the value (an MQTT filter such as topic=#, or
 * a URL's fragment).
 */
static void ns_config_strip_comment(char *line)
{
	char *p;

	for (p = line; *p; p++) {
		if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
	}
}

static int ns_config_line(struct ns_config_state *st, char *line,
			  unsigned int lineno, enum ns_section *section)
{
	struct ns_key_seen *seen;
	char *eq, *key, *value;
	const char *rule = NULL;
	char seen_key[64];
	int err;

	ns_config_strip_comment(line);
	line = ns_trim(line);
	if (!*line)
		return 0;
	if (*line == '[') {
		if (!strcmp(line, "[ports]"))
			*section = NS_SECTION_PORTS;
		else if (!strcmp(line, "[policy]"))
			*section = NS_SECTION_POLICY;
		else if (!strcmp(line, "[wake]"))
			*section = NS_SECTION_WAKE;
		else if (!strcmp(line, "[host]"))
			*section = NS_SECTION_HOST;
		else if (!strcmp(line, "[coprocessor]"))
			*section = NS_SECTION_COPROCESSOR;
		else if (!strcmp(line, "[wifi]"))
			*section = NS_SECTION_WIFI;
		else
			return ns_config_fail(st, lineno, "section", line,
					      "unknown section (known: [ports], [policy], [wake], [host], [coprocessor], [wifi])");
		return 0;
	}
	eq = strchr(line, '=');
	if (!eq)
		return ns_config_fail(st, lineno, "line", line,
				      "expected key = value");
	*eq = '\0';
	key = ns_trim(line);
	value = ns_trim(eq + 1);

	switch (*section) {
	case NS_SECTION_PORTS:
		err = ns_config_ports(st, key, value);
		break;
	case NS_SECTION_POLICY:
		err = ns_config_policy(st, key, value);
		break;
	case NS_SECTION_WAKE:
		err = ns_config_wake(st, key, value, lineno);
		break;
	case NS_SECTION_HOST:
	case NS_SECTION_COPROCESSOR:
	case NS_SECTION_WIFI:
		err = ns_settings_set(&st->host, &st->cp,
				      *section == NS_SECTION_HOST ?
					      NS_SETTINGS_HOST :
				      *section == NS_SECTION_WIFI ?
					      NS_SETTINGS_WIFI :
					      NS_SETTINGS_COPROCESSOR,
				      key, value, &rule);
		break;
	default:
		return ns_config_fail(st, lineno, key, value,
				      "key outside a section");
	}
	if (err == -ENOENT)
		return ns_config_fail(st, lineno, key, value, "unknown key");
	if (err)
		return ns_config_fail(st, lineno, key, value,
				      rule ?: ns_config_key_rule(key));

	/* Daemon sections share key names: remember them with the section. */
	snprintf(seen_key, sizeof(seen_key), "%s%s",
		 *section == NS_SECTION_HOST	    ? "host." :
		 *section == NS_SECTION_COPROCESSOR ? "coprocessor." :
		 *section == NS_SECTION_WIFI	    ? "wifi." :
						      "",
		 key);
	if (strcmp(key, "mqtt")) {
		if (ns_config_seen(st, seen_key))
			return ns_config_fail(st, lineno, key, value,
					      "key given twice");
		if (st->seen_count == NS_KEYS_MAX)
			return ns_config_fail(st, lineno, key, value,
					      "too many keys");
		seen = &st->seen[st->seen_count];
		seen->key = strdup(seen_key);
		if (!seen->key)
			return -ENOMEM;
		st->seen_count++;
		seen->line = lineno;
		snprintf(seen->value, sizeof(seen->value), "%s", value);
	}
	return 0;
}

/* The file's value of a key, or the default, for a cross-key message. */
static int ns_config_fail_key(struct ns_config_state *st, const char *key,
			      const char *rule)
{
	struct ns_key_seen *seen = ns_config_seen(st, key);
	char value[NS_VALUE_MAX];
	__u8 id;

	if (seen)
		return ns_config_fail(st, seen->line, key, seen->value, rule);
	value[0] = '\0';
	if (!ns_parse_name(key, ns_range_key, NS_RANGE_COUNT, &id))
		snprintf(value, sizeof(value), "%u-%u", st->rules.range[id].lo,
			 st->rules.range[id].hi);
	return ns_config_fail(st, 0, key, value, rule);
}

static void ns_config_free(struct ns_config_state *st)
{
	unsigned int i;

	for (i = 0; i < st->seen_count; i++)
		free((char *)st->seen[i].key);
}

/* A whole-file problem at a line: "name:line: what". */
static int ns_config_fail_file(struct ns_config_state *st, unsigned int line,
			       int ret, const char *what)
{
	snprintf(st->err, st->err_len, "%s:%u: %s", st->name, line, what);
	return ret;
}

/*
 * The next line, with its newline, into line (NS_LINE_MAX bytes): 1, 0 at
 * the end of the file, or -EFBIG, -EILSEQ (a NUL byte) or the read's
 * -errno. Byte by byte, so that a NUL is seen and /dev/zero ends at once.
 */
static int ns_config_getline(FILE *in, char *line)
{
	size_t n = 0;
	int c;

	while ((c = getc(in)) != EOF) {
		if (!c)
			return -EILSEQ;
		if (n + 1 == NS_LINE_MAX)
			return -EFBIG;
		line[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (ferror(in))
		return errno ? -errno : -EIO;
	line[n] = '\0';
	return n ? 1 : 0;
}

/* The line's own problems, before its key and value are looked at. */
static int ns_config_read(struct ns_config_state *st, FILE *in, char *line,
			  unsigned int lineno)
{
	int ret = ns_config_getline(in, line);
	char what[160];

	switch (ret) {
	case 0:
	case 1:
		break;
	case -EFBIG:
		return ns_config_fail_file(st, lineno, ret,
					   "a line longer than 1023 bytes");
	case -EILSEQ:
		return ns_config_fail_file(st, lineno, ret,
					   "a NUL byte: this is not a text file");
	default:
		snprintf(what, sizeof(what), "cannot read: %s", strerror(-ret));
		return ns_config_fail_file(st, lineno, ret, what);
	}
	if (ret && lineno == 1 && !strncmp(line, "\xef\xbb\xbf", 3))
		return ns_config_fail_file(st, lineno, -EILSEQ,
					   "starts with a UTF-8 byte order mark: save the file without one");
	return ret;
}

int ns_config_parse_all(FILE *in, const char *name, struct ns_config *cfg,
			char *err, size_t err_len)
{
	struct ns_config_state *st;
	enum ns_section section = NS_SECTION_NONE;
	struct ns_problem problem;
	char line[NS_LINE_MAX];
	unsigned int lineno = 0;
	int ret = 0;

	st = calloc(1, sizeof(*st));
	if (!st) {
		snprintf(err, err_len, "%s: out of memory", name);
		return -ENOMEM;
	}
	st->name = name;
	st->err = err;
	st->err_len = err_len;
	ns_rules_default(&st->rules);
	ns_settings_default(&st->host, &st->cp);

	while ((ret = ns_config_read(st, in, line, ++lineno)) == 1) {
		ret = ns_config_line(st, line, lineno, &section);
		if (ret)
			goto out;
	}
	if (ret)
		goto out;
	if (ns_rules_check(&st->rules, &problem)) {
		if (!strcmp(problem.field, "mqtt") && problem.index >= 0) {
			ret = ns_config_fail(st, st->mqtt_line[problem.index],
					     "mqtt", "...", problem.rule);
			goto out;
		}
		ret = ns_config_fail_key(st, problem.field, problem.rule);
		goto out;
	}
	cfg->rules = st->rules;
	cfg->host = st->host;
	cfg->cp = st->cp;
out:
	ns_config_free(st);
	free(st);
	return ret;
}

int ns_config_parse(FILE *in, const char *name, struct ns_rules *rules,
		    char *err, size_t err_len)
{
	struct ns_config *cfg = malloc(sizeof(*cfg));
	int ret;

	if (!cfg) {
		snprintf(err, err_len, "%s: out of memory", name);
		return -ENOMEM;
	}
	ret = ns_config_parse_all(in, name, cfg, err, err_len);
	if (!ret)
		*rules = cfg->rules;
	free(cfg);
	return ret;
}

int ns_config_load(const char *path, struct ns_rules *rules, char *err,
		   size_t err_len)
{
	struct ns_config *cfg = malloc(sizeof(*cfg));
	int ret;

	if (!cfg) {
		snprintf(err, err_len, "%s: out of memory", path);
		return -ENOMEM;
	}
	ret = ns_config_load_all(path, cfg, err, err_len);
	if (!ret)
		*rules = cfg->rules;
	free(cfg);
	return ret;
}

int ns_config_load_all(const char *path, struct ns_config *cfg, char *err,
		       size_t err_len)
{
	FILE *in = fopen(path, "r");
	int ret;

	if (!in) {
		ret = -errno;
		snprintf(err, err_len, "%s: cannot open: %s", path,
			 strerror(errno));
		return ret;
	}
	ret = ns_config_parse_all(in, path, cfg, err, err_len);
	fclose(in);
	return ret;
}

static void ns_config_print_list(FILE *out, const struct ns_port_list *l)
{
	__u32 i;

	for (i = 0; i < l->count && i < NS_PORT_LIST_MAX; i++)
		fprintf(out, "%s%u", i ? "," : "", l->port[i]);
	fputc('\n', out);
}

void ns_config_print(FILE *out, const struct ns_rules *r)
{
	const struct ns_wake_pattern *w;
	char sub[NS_LINE_MAX];
	__u32 i;

	fprintf(out, "[ports]\n");
	for (i = 0; i < NS_RANGE_COUNT; i++)
		fprintf(out, "%s = %u-%u\n", ns_range_key[i], r->range[i].lo,
			r->range[i].hi);
	for (i = 0; i < NS_LIST_WAKE_SYN; i++) {
		fprintf(out, "%s = ", ns_list_key[i]);
		ns_config_print_list(out, &r->list[i]);
	}
	fprintf(out, "\n[policy]\ndefault = %s\ndhcp = %s\nbroadcast = %s\n",
		ns_dest_name[r->table.default_dest % NS_DEST_COUNT],
		ns_dest_name[r->table.dhcp_owner % NS_DEST_COUNT],
		ns_dest_name[r->table.broadcast % NS_DEST_COUNT]);
	fprintf(out, "port_collision = %s\n",
		r->table.flags & NS_TABLE_F_DROP_COLLISIONS ? "drop" : "count");
	fprintf(out, "\n[wake]\n");
	/* No pattern at all: said, or the default would come back. */
	if (!r->table.wake_count)
		fprintf(out, "mqtt =\n");
	for (i = 0; i < r->table.wake_count && i < NS_WAKE_MAX; i++) {
		w = &r->wake[i];
		fprintf(out, "mqtt = %u", w->broker_port);
		if (w->topic_len)
			fprintf(out, " topic=%.*s", w->topic_len, w->topic);
		if (w->prefix_len)
			fprintf(out, " prefix=%.*s", w->prefix_len,
				w->prefix);
		fputc('\n', out);
	}
	fprintf(out, "syn_ports = ");
	ns_config_print_list(out, &r->list[NS_LIST_WAKE_SYN]);
	ns_wake_sub_format(&r->sub, sub, sizeof(sub));
	fprintf(out, "subscribe = %s\n", sub);
}

void ns_config_warn(FILE *out, const char *name, const struct ns_rules *r)
{
	__u32 pos = 0;
	__u16 port;
	int id;

	while ((id = ns_rules_static_in_slave_range(r, &pos, &port)) >= 0)
		fprintf(out,
			"%s: note: %s port %u is inside the slave range; the static rule wins, so the slave never gets it\n",
			name, ns_list_key[id], port);
}

int ns_config_daemon(const char **path, struct ns_config *cfg,
		     enum ns_settings_section section,
		     const struct ns_override *overrides, size_t n, char *err,
		     size_t err_len)
{
	const char *rule = NULL;
	size_t i;
	int ret;

	if (!*path && !access(NS_CONFIG_DEFAULT_PATH, F_OK))
		*path = NS_CONFIG_DEFAULT_PATH;
	if (*path) {
		ret = ns_config_load_all(*path, cfg, err, err_len);
		if (ret)
			return ret;
	} else {
		ns_rules_default(&cfg->rules);
		ns_settings_default(&cfg->host, &cfg->cp);
	}
	for (i = 0; i < n; i++) {
		ret = ns_settings_set(&cfg->host, &cfg->cp, section,
				      overrides[i].key, overrides[i].value,
				      &rule);
		if (ret) {
			snprintf(err, err_len, "--%s %s: %s",
				 overrides[i].option, overrides[i].value, rule);
			return ret;
		}
	}
	return 0;
}
