// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wifi_psk.h"

/* A file no one but its owner (us, or root) can read or change. */
static int ns_wifi_psk_private(int fd, const char *path, char *err,
			       size_t err_len)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, err_len, "%s is not a regular file", path);
		return -EINVAL;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		snprintf(err, err_len,
			 "%s belongs to uid %u: the passphrase must be in a file of root's (chown root %s)",
			 path, (unsigned int)st.st_uid, path);
		return -EPERM;
	}
	if (st.st_mode & 077) {
		snprintf(err, err_len,
			 "%s can be read or changed by others (mode %04o): chmod 600 %s",
			 path, (unsigned int)(st.st_mode & 07777), path);
		return -EPERM;
	}
	return 0;
}

int ns_wifi_psk_read(const char *path, char *psk, size_t size, char *err,
		     size_t err_len)
{
	bool in = !strcmp(path, "-");
	char buf[NS_WIFI_PSK_MAX + 3];
	ssize_t n = 0, got;
	int fd, ret = 0;

	if (err_len)
		*err = '\0';
	fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, err_len, "cannot open %s: %s", path,
			 strerror(errno));
		return ret;
	}
	if (!in)
		ret = ns_wifi_psk_private(fd, path, err, err_len);
	while (!ret && n < (ssize_t)sizeof(buf) - 1 &&
	       (got = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n)) != 0) {
		if (got < 0 && errno != EINTR)
			ret = -errno;
		else if (got > 0)
			n += got;
	}
	if (ret && !*err)
		snprintf(err, err_len, "cannot read %s: %s", path,
			 strerror(-ret));
	if (!in)
		close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!ret && (strlen(buf) >= size || !ns_wifi_usable("ssid", buf) ||
		     !*buf)) {
		snprintf(err, err_len,
			 "the passphrase in %s is not usable: one line of 8-63 printable ASCII characters, or 64 hex digits",
			 in ? "standard input" : path);
		ret = -EINVAL;
	}
	if (!ret)
		memcpy(psk, buf, strlen(buf) + 1);
	ns_scrub(buf, sizeof(buf));
	return ret;
}

void ns_wifi_request(struct ns_msg *m, const char *ssid, const char *psk)
{
	m->type = NS_MSG_SET_WIFI;
	snprintf(m->wifi.ssid, sizeof(m->wifi.ssid), "%s", ssid);
	m->fields = NS_FIELD(NS_TLV_WIFI_SSID);
	if (*psk) {
		snprintf(m->wifi_psk, sizeof(m->wifi_psk), "%s", psk);
		m->fields |= NS_FIELD(NS_TLV_WIFI_PSK);
	}
}
