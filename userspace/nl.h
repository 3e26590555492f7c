/* SPDX-License-Identifier: GPL-2.0 */
/* vrnl: generic netlink transport to the "vrs" family (libmnl). */
#ifndef VRNL_NL_H
#define VRNL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct vrnl_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t seq;
	uint32_t mcgrp_vr;		/* multicast group ids, 0 if unknown */
	char *buf;			/* request being built / receive area */
	size_t bufsz;
};

/* Why the kernel refused a request: errno and the extended ACK. */
struct vrnl_err {
	int err;			/* positive errno, 0 on success */
	char msg[256];			/* NLMSGERR_ATTR_MSG, may be empty */
	uint32_t bad_attr_off;		/* NLMSGERR_ATTR_OFFS, 0 if none */
	uint32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, 0 if none */
	bool dump_intr;			/* a dump part had NLM_F_DUMP_INTR */
	uint8_t cookie[20];		/* NLMSGERR_ATTR_COOKIE */
	uint8_t cookie_len;		/* 0 if none */
};

/* Opens the socket and resolves the family; returns -errno. */
int vrnl_nl_open(struct vrnl_nl *nl);
void vrnl_nl_close(struct vrnl_nl *nl);

/* Starts a request for @cmd in nl->buf; NLM_F_REQUEST is implied. */
struct nlmsghdr *vrnl_nl_req(struct vrnl_nl *nl, uint8_t cmd, uint16_t flags);

/* The same in @buf (at least MNL_SOCKET_BUFFER_SIZE bytes), for a
 * request that must outlive the replies received into nl->buf.
 */
struct nlmsghdr *vrnl_nl_req_in(struct vrnl_nl *nl, void *buf, uint8_t cmd,
				uint16_t flags);

/* Sends @req and runs @cb on every reply until the ACK or the end of a
 * dump.  Returns 0, or -errno with @e filled in.
 */
int vrnl_nl_talk(struct vrnl_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		 void *data, struct vrnl_err *e);

/* Joins a multicast group of the family by name; returns -errno. */
int vrnl_nl_join(struct vrnl_nl *nl, const char *group);

/* Attribute table of a family message: tb[0..VRS_A_MAX]. */
int vrnl_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb);

#endif
