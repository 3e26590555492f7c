// SPDX-License-Identifier: GPL-2.0
/* vrnl: generic netlink transport to the "vrs" family (libmnl). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vrs.h>

#include "nl.h"

#define VRNL_BUFSZ	(64 * 1024)

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct family_info {
	uint16_t id;
	uint32_t mcgrp_vr;
	const char *want_group;
	uint32_t want_group_id;
};

static int mcgrp_cb(const struct nlattr *grp, struct family_info *fi)
{
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(a);
	}
	if (!name)
		return MNL_CB_OK;
	if (!strcmp(name, VRS_MCGRP_VR))
		fi->mcgrp_vr = id;
	if (fi->want_group && !strcmp(name, fi->want_group))
		fi->want_group_id = id;
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *a, *g;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			fi->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(g, a)
				mcgrp_cb(g, fi);
			break;
		}
	}
	return MNL_CB_OK;
}

static struct nlmsghdr *nl_req_raw(struct vrnl_nl *nl, void *buf,
				   uint16_t type, uint8_t cmd, uint8_t version,
				   uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int resolve_family(struct vrnl_nl *nl, struct family_info *fi)
{
	struct nlmsghdr *nlh;
	struct vrnl_err e;
	uint16_t saved = nl->family;
	int err;

	nl->family = GENL_ID_CTRL;
	nlh = nl_req_raw(nl, nl->buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VRS_GENL_NAME);
	err = vrnl_nl_talk(nl, nlh, family_cb, fi, &e);
	nl->family = saved;
	return err;
}

int vrnl_nl_open(struct vrnl_nl *nl)
{
	struct family_info fi = { 0 };
	int one = 1, sndbuf = 2 * VRNL_BUFSZ, err;

	memset(nl, 0, sizeof(*nl));
	nl->bufsz = VRNL_BUFSZ;
	nl->buf = malloc(nl->bufsz);
	if (!nl->buf)
		return -ENOMEM;
	nl->seq = (uint32_t)time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		return -errno;
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Batch requests (vrnl -batch, route flush) are up to VRNL_BUFSZ,
	 * which a send buffer below net.core.wmem_default's usual 208 KiB
	 * refuses (EMSGSIZE).  Best effort: wmem_max caps it.
	 */
	setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_SNDBUF, &sndbuf,
		   sizeof(sndbuf));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;

	/* The first lookup of an unknown family makes the kernel modprobe
	 * "net-pf-16-proto-16-family-vrs", so vrs.ko loads on first use.
	 */
	err = resolve_family(nl, &fi);
	if (err)
		return err;
	nl->family = fi.id;
	nl->mcgrp_vr = fi.mcgrp_vr;
	return 0;
}

void vrnl_nl_close(struct vrnl_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
}

int vrnl_nl_join(struct vrnl_nl *nl, const char *group)
{
	struct family_info fi = { .want_group = group };
	int err;

	err = resolve_family(nl, &fi);
	if (err)
		return err;
	if (!fi.want_group_id)
		return -ENOENT;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
				  &fi.want_group_id, sizeof(int)) < 0)
		return -errno;
	return 0;
}

struct nlmsghdr *vrnl_nl_req(struct vrnl_nl *nl, uint8_t cmd, uint16_t flags)
{
	return nl_req_raw(nl, nl->buf, nl->family, cmd, VRS_GENL_VERSION, flags);
}

struct nlmsghdr *vrnl_nl_req_in(struct vrnl_nl *nl, void *buf, uint8_t cmd,
				uint16_t flags)
{
	return nl_req_raw(nl, buf, nl->family, cmd, VRS_GENL_VERSION, flags);
}

static int extack_cb(const struct nlattr *a, void *data)
{
	struct vrnl_err *e = data;

	switch (mnl_attr_get_type(a)) {
	case NLMSGERR_ATTR_MSG:
		snprintf(e->msg, sizeof(e->msg), "%.*s",
			 (int)mnl_attr_get_payload_len(a),
			 (const char *)mnl_attr_get_payload(a));
		e->msg[strcspn(e->msg, "\n")] = '\0';
		break;
	case NLMSGERR_ATTR_OFFS:
		e->bad_attr_off = mnl_attr_get_u32(a);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		e->miss_type = mnl_attr_get_u32(a);
		break;
	case NLMSGERR_ATTR_COOKIE:
		if (mnl_attr_get_payload_len(a) <= sizeof(e->cookie)) {
			e->cookie_len = (uint8_t)mnl_attr_get_payload_len(a);
			memcpy(e->cookie, mnl_attr_get_payload(a), e->cookie_len);
		}
		break;
	}
	return MNL_CB_OK;
}

/* NLMSG_ERROR (also the ACK) and NLMSG_DONE carry an error and extack. */
static int parse_status(const struct nlmsghdr *nlh, struct vrnl_err *e)
{
	size_t off;
	int code;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

		code = err->error;
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(err->msg);
	} else {
		code = *(const int *)mnl_nlmsg_get_payload(nlh);
		off = sizeof(int);
	}
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    off < mnl_nlmsg_get_payload_len(nlh))
		mnl_attr_parse(nlh, off, extack_cb, e);
	e->err = code < 0 ? -code : code;
	return -e->err;
}

int vrnl_nl_talk(struct vrnl_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		 void *data, struct vrnl_err *e)
{
	uint32_t portid = mnl_socket_get_portid(nl->sock);
	uint32_t seq = req->nlmsg_seq;
	ssize_t n;

	memset(e, 0, sizeof(*e));
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -(e->err = errno);

	for (;;) {
		const struct nlmsghdr *nlh;
		int len;

		n = mnl_socket_recvfrom(nl->sock, nl->buf, nl->bufsz);
		if (n < 0)
			return -(e->err = errno);
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != portid)
				continue;	/* a notification or a stale reply */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				e->dump_intr = true;
			if (nlh->nlmsg_type == NLMSG_ERROR ||
			    nlh->nlmsg_type == NLMSG_DONE)
				return parse_status(nlh, e);
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (cb && cb(nlh, data) < 0)
				return -(e->err = EINVAL);
		}
	}
}

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type > 0 && type <= VRS_A_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

int vrnl_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	memset(tb, 0, sizeof(*tb) * (VRS_A_MAX + 1));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, tb) < 0 ?
		-EINVAL : 0;
}
