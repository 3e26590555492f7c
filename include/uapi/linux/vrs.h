/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * VRS: virtual-router substrate, generic netlink ABI.
 *
 * Family "vrs", version VRS_GENL_VERSION.  All commands are strictly
 * validated: unknown attributes, reserved genl header bits and netlink
 * flags other than NLM_F_REQUEST/ACK/ECHO/DUMP are rejected, so request
 * modifiers travel as attributes, never as nlmsg_flags.
 *
 * Attributes form one flat space (enum vrs_attr); each command documents
 * which it takes.  Every rejection carries an extended ACK message and,
 * where one attribute is at fault, its offset (NLMSGERR_ATTR_OFFS) or the
 * missing type (NLMSGERR_ATTR_MISS_TYPE).
 */
#ifndef _UAPI_LINUX_VRS_H
#define _UAPI_LINUX_VRS_H

#define VRS_GENL_NAME		"vrs"
#define VRS_GENL_VERSION	1

/* Multicast groups. */
#define VRS_MCGRP_VR		"vr"	/* VR created / deleted */

/* A VR name: 1..VRS_VR_NAME_MAX bytes of [A-Za-z0-9_.-], not all digits
 * (so that "NAME|ID" arguments are unambiguous), not "." or "..".
 */
#define VRS_VR_NAME_MAX		15
#define VRS_VR_NAME_SIZ		(VRS_VR_NAME_MAX + 1)

enum vrs_cmd {
	VRS_CMD_UNSPEC,
	/* Create a VR.  Takes VRS_A_VR_NAME (required), VRS_A_VR_ID (optional,
	 * allocated when absent).  Admin only.  Notifies VRS_CMD_VR_NEW.
	 */
	VRS_CMD_VR_NEW,
	/* Delete a VR named by VRS_A_VR_ID and/or VRS_A_VR_NAME (both must
	 * agree).  Admin only.  Notifies VRS_CMD_VR_DEL.
	 */
	VRS_CMD_VR_DEL,
	/* Get one VR (VRS_A_VR_ID and/or VRS_A_VR_NAME) or dump all of the
	 * caller's namespace, ordered by id.  Replies are VRS_CMD_VR_NEW.
	 */
	VRS_CMD_VR_GET,

	__VRS_CMD_MAX,
};

#define VRS_CMD_MAX (__VRS_CMD_MAX - 1)

enum vrs_attr {
	VRS_A_UNSPEC,
	VRS_A_PAD,
	VRS_A_VR_ID,		/* u32, 1..U32_MAX */
	VRS_A_VR_NAME,		/* string, see VRS_VR_NAME_MAX */

	__VRS_A_MAX,
};

#define VRS_A_MAX (__VRS_A_MAX - 1)

#endif /* _UAPI_LINUX_VRS_H */
