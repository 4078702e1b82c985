// SPDX-License-Identifier: GPL-2.0-only
/*
 * DNS servers from the co-processor, in one of three places:
 *   a file path   written atomically (temporary file and rename in the
 *                 same directory); when the path is a symlink, the file it
 *                 points to is written and the link stays a link; when only
 *                 the file may be written (the unit's ReadWritePaths= binds
 *                 it, its directory read-only), in place;
 *   "resolved"    resolvectl dns IFACE ... (systemd-resolved), reverted
 *                 on exit;
 *   "resolvconf"  resolvconf -a IFACE.netsplitd, deleted on exit.
 * "auto" is systemd-resolved when it runs, else resolvconf when it is
 * installed, else /etc/resolv.conf; decided when DNS is first set.
 * A file is put back as it was on exit, unless someone changed it since.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hostd.h"
#include "log.h"
#include "parse.h"

#define HOSTD_DNS_FILE_MAX 65536
/* systemd-resolved's Varlink socket: there while it runs. */
#define HOSTD_RESOLVED_SOCKET "/run/systemd/resolve/io.systemd.Resolve"

static bool hostd_on_path(const char *program)
{
	char path[PATH_MAX], *dirs, *dir, *save = NULL;
	const char *env = getenv("PATH");
	bool found = false;

	dirs = strdup(env ? env : "/usr/sbin:/usr/bin:/sbin:/bin");
	if (!dirs)
		return false;
	for (dir = strtok_r(dirs, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/%s", dir, program);
		found = !access(path, X_OK);
	}
	free(dirs);
	return found;
}

/* The place resolv_conf names, "auto" decided. */
static const char *hostd_dns_place(struct hostd *h)
{
	const char *setting = h->cfg.host.resolv_conf;
	struct stat st;

	if (h->dns.place[0])
		return h->dns.place;
	if (strcmp(setting, "auto"))
		snprintf(h->dns.place, sizeof(h->dns.place), "%s", setting);
	else if (!stat(HOSTD_RESOLVED_SOCKET, &st) && S_ISSOCK(st.st_mode))
		strcpy(h->dns.place, "resolved");
	else if (hostd_on_path("resolvconf"))
		strcpy(h->dns.place, "resolvconf");
	else
		strcpy(h->dns.place, "/etc/resolv.conf");
	if (!strcmp(setting, "auto"))
		ns_log(LOG_NOTICE, "DNS goes to %s (resolv_conf = auto: %s)",
		       h->dns.place,
		       !strcmp(h->dns.place, "resolved") ? "systemd-resolved runs" :
		       !strcmp(h->dns.place, "resolvconf") ?
							   "resolvconf is installed" :
							   "neither systemd-resolved nor resolvconf");
	return h->dns.place;
}

static bool hostd_dns_is_file(struct hostd *h)
{
	return hostd_dns_place(h)[0] == '/';
}

/* The file a path names, through a symlink (also a dangling one). */
static int hostd_dns_target(const char *path, char *out)
{
	char link[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (lstat(path, &st) || !S_ISLNK(st.st_mode)) {
		snprintf(out, PATH_MAX, "%s", path);
		return 0;
	}
	if (realpath(path, out))
		return 0;
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	if (link[0] == '/') {
		snprintf(out, PATH_MAX, "%s", link);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if (snprintf(out, PATH_MAX, "%s/%s", dirname(dir), link) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static char *hostd_read_file(const char *path, size_t *len)
{
	char *buf = malloc(HOSTD_DNS_FILE_MAX + 1);
	FILE *f;

	if (!buf)
		return NULL;
	f = fopen(path, "r");
	if (!f) {
		free(buf);
		return NULL;
	}
	*len = fread(buf, 1, HOSTD_DNS_FILE_MAX, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static int hostd_write_all(int fd, const char *text, size_t len)
{
	if (write(fd, text, len) != (ssize_t)len || fsync(fd))
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * Atomically when the directory may be written; in place when only the
 * file may (a read-only directory, or the file a mount point of its own).
 */
static int hostd_write_file(const char *path, const char *text, size_t len)
{
	char tmp[PATH_MAX + 16];
	int fd, ret;

	snprintf(tmp, sizeof(tmp), "%s.netsplitd", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		ret = hostd_write_all(fd, text, len);
		close(fd);
		if (!ret && rename(tmp, path))
			ret = -errno;
		if (!ret)
			return 0;
		unlink(tmp);
		if (ret != -EBUSY && ret != -EXDEV)
			return ret;
	} else if (errno != EROFS && errno != EACCES && errno != EPERM) {
		return -errno;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = hostd_write_all(fd, text, len);
	close(fd);
	if (!ret)
		ns_log(LOG_DEBUG, "%s written in place: its directory is read-only",
		       path);
	return ret;
}

/* Runs argv (no shell), feeding input on stdin; returns its status. */
static int hostd_run(char *const argv[], const char *input)
{
	int pipefd[2], status;
	sigset_t all;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		dup2(pipefd[0], 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[0]);
	if (input && write(pipefd[1], input, strlen(input)) < 0)
		ns_log(LOG_WARNING, "cannot feed %s: %s", argv[0],
		       strerror(errno));
	close(pipefd[1]);
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

static void hostd_dns_text(const struct hostd *h, char *out, size_t len)
{
	char addr[64];
	size_t off;
	int i;

	off = (size_t)snprintf(out, len,
			       "# Written by netsplitd: the co-processor's DNS for %s\n",
			       h->cfg.host.interface);
	for (i = 0; i < h->status.dns_count && off < len; i++)
		off += (size_t)snprintf(out + off, len - off, "nameserver %s\n",
					ns_addr_format(&h->status.dns[i], false,
						       addr, sizeof(addr)));
}

static int hostd_dns_file(struct hostd *h, const char *text)
{
	char target[PATH_MAX];
	size_t len = 0;
	char *now;
	int ret;

	ret = hostd_dns_target(hostd_dns_place(h), target);
	if (ret)
		return ret;
	now = hostd_read_file(target, &len);
	if (now && !strcmp(now, text)) {
		free(now);
		return 0;
	}
	if (!h->dns.saved) {
		h->dns.saved = true;
		h->dns.existed = now != NULL;
		h->dns.before = now;
		h->dns.before_len = len;
		now = NULL;
	}
	free(now);
	ret = hostd_write_file(target, text, strlen(text));
	return ret ? ret : 1;
}

int hostd_dns_apply(struct hostd *h)
{
	char text[sizeof(h->dns.written)], addrs[NS_DNS_MAX][64];
	char *argv[8] = { 0 };
	char name[IF_NAMESIZE + 16];
	int i, ret;

	if (!h->status.dns_count)
		return 0;
	hostd_dns_text(h, text, sizeof(text));
	if (hostd_dns_is_file(h)) {
		ret = hostd_dns_file(h, text);
	} else if (!strcmp(text, h->dns.written)) {
		return 0;
	} else if (!strcmp(hostd_dns_place(h), "resolved")) {
		argv[0] = "resolvectl";
		argv[1] = "dns";
		argv[2] = h->cfg.host.interface;
		for (i = 0; i < h->status.dns_count; i++)
			argv[3 + i] = (char *)ns_addr_format(&h->status.dns[i],
							    false, addrs[i],
							    sizeof(addrs[i]));
		ret = hostd_run(argv, NULL) ? -EIO : 1;
	} else {
		snprintf(name, sizeof(name), "%s.netsplitd",
			 h->cfg.host.interface);
		argv[0] = "resolvconf";
		argv[1] = "-a";
		argv[2] = name;
		ret = hostd_run(argv, text) ? -EIO : 1;
	}
	if (ret < 0) {
		ns_log(LOG_ERR, "cannot set DNS through %s: %s",
		       hostd_dns_place(h), strerror(-ret));
		return ret;
	}
	snprintf(h->dns.written, sizeof(h->dns.written), "%s", text);
	return ret;
}

void hostd_dns_remove(struct hostd *h)
{
	char target[PATH_MAX], name[IF_NAMESIZE + 16];
	char *argv[4] = { 0 };
	size_t len;
	char *now;

	if (!h->dns.written[0])
		return;
	if (hostd_dns_is_file(h)) {
		if (hostd_dns_target(hostd_dns_place(h), target))
			return;
		now = hostd_read_file(target, &len);
		/* Someone wrote it after us: theirs stays. */
		if (now && !strcmp(now, h->dns.written)) {
			if (h->dns.existed)
				hostd_write_file(target, h->dns.before,
						   h->dns.before_len);
			else
				unlink(target);
		}
		free(now);
	} else if (!strcmp(hostd_dns_place(h), "resolved")) {
		argv[0] = "resolvectl";
		argv[1] = "revert";
		argv[2] = h->cfg.host.interface;
		hostd_run(argv, NULL);
	} else {
		snprintf(name, sizeof(name), "%s.netsplitd",
			 h->cfg.host.interface);
		argv[0] = "resolvconf";
		argv[1] = "-d";
		argv[2] = name;
		hostd_run(argv, NULL);
	}
	free(h->dns.before);
	memset(&h->dns, 0, sizeof(h->dns));
}
