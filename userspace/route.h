/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrnl route: `ip route` over the vrs family.  route_parse.c turns the
 * command line into a request or a dump filter (iproute2's grammar and
 * diagnostics), route_print.c prints a route message as `ip route show`
 * does, route.c talks to the kernel.
 */
#ifndef VRNL_ROUTE_H
#define VRNL_ROUTE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "utils.h"

#define RT_NH_MAX	256

/* iproute2's inet_prefix. */
struct rt_prefix {
	uint8_t family;		/* AF_UNSPEC for "all"/"any"/unspecified "default" */
	uint8_t bytelen;
	int bitlen;		/* -1: not set (no filter) */
	bool len_given;		/* "/N" or "default" */
	uint8_t data[16];
};

struct rt_nh {
	uint8_t gw_family;	/* 0: no gateway */
	uint8_t gw[16];
	const char *dev;	/* as given (requests) */
	uint32_t ifindex;	/* 0: none */
	uint16_t weight;	/* 0: not given */
	uint32_t flags;		/* RTNH_F_* */
};

/* A parsed add/del/change/replace/append/prepend. */
struct rt_req {
	uint8_t cmd;		/* VRS_CMD_ROUTE_NEW or VRS_CMD_ROUTE_DEL */
	uint32_t nlflags;	/* VRS_A_RT_NLFLAGS for NEW */
	int family;
	struct rt_prefix dst;
	int type, proto, scope;	/* -1: not given */
	bool metric_ok;
	uint32_t metric;
	struct rt_prefix src;	/* family 0: none */
	const char *table;	/* "table"/"vrf": the VR */
	bool gw_ok, nhs_ok;
	unsigned int nnh;
	struct rt_nh nh[RT_NH_MAX];
};

/* A show/flush selector (iproute2's filter). */
struct rt_filter {
	int family;
	bool proto_ok, scope_ok, type_ok, metric_ok, oif_ok;
	uint32_t proto, scope, metric, oif;
	int type;
	struct rt_prefix rdst, mdst, rvia, rprefsrc;
	const char *table;
};

/* A route message, decoded. */
struct rt_info {
	bool deleted;
	uint32_t vr_id;
	uint8_t family, dst_len, type, proto, scope;
	bool has_dst, has_prio, has_prefsrc;
	uint8_t dst[16], prefsrc[16];
	uint32_t prio;
	unsigned int nnh;
	struct rt_nh nh[RT_NH_MAX];
};

/* How the printer was asked for a route. */
enum rt_print_mode {
	RT_PRINT_SHOW,		/* show / monitor */
	RT_PRINT_GET,		/* get: the address looked up, ip's first line */
};

/* Device name lookups; tests replace them. */
extern unsigned int (*rt_name_to_index)(const char *name);
extern const char *(*rt_index_to_name)(unsigned int ifindex, char *buf);

/* route_parse.c: each returns 0 or an exit code after printing ip's
 * diagnostic.
 */
int rt_get_addr(struct rt_prefix *p, const char *arg, int family);
int rt_get_prefix(struct rt_prefix *p, const char *arg, int family);
int rt_parse_modify(struct rt_req *r, int family, int argc, char **argv);
int rt_parse_filter(struct rt_filter *f, int family, int argc, char **argv);
int rt_parse_get(struct rt_req *r, bool *fibmatch, int family, int argc,
		 char **argv);
void rt_req_put(const struct rt_req *r, struct nlmsghdr *nlh);
int af_bytes(int family);
int rt_read_family(const char *name);	/* inet, inet6, else AF_UNSPEC */
int rt_unsupported(const char *key);	/* prints, returns the exit code */
int rt_nodev(const char *dev);		/* "Cannot find device", exit 1 */
void rt_req_init(struct rt_req *r, int family);

/* route_src.c */
void rt_get_fill_src(struct rt_info *ri, const uint8_t *addr);

/* ip's NEXT_ARG(), in functions that return an exit code. */
#define NEXT_ARG() do {					\
	argv++;						\
	if (--argc <= 0)				\
		return incomplete_command();		\
} while (0)


/* route_print.c */
int rt_info_parse(const struct nlmsghdr *nlh, struct rt_info *ri);
bool rt_filter_match(const struct rt_filter *f, const struct rt_info *ri);
void rt_print(struct vrnl_ctx *c, const struct rt_info *ri,
	      const struct rt_filter *f, enum rt_print_mode mode,
	      const uint8_t *get_addr);

/* route.c */
int do_route(struct vrnl_ctx *c, int argc, char **argv);
const char *route_cmd_name(const char *word);	/* canonical, or NULL */
/* An add/del/change/...: its command and VRS_A_RT_NLFLAGS. */
bool route_modify_cmd(const char *word, uint8_t *cmd, uint32_t *nlflags);
int route_family(const struct vrnl_ctx *c);	/* -4/-6 as AF_* */
/* "table" and -V must agree: 0 or ip's exit code, after saying so. */
int route_check_table(const struct vrnl_ctx *c, const char *table);
/* The VR for "table"/-V or the only one; see route.c. */
int route_select_vr(struct vrnl_ctx *c, const char *table, const char **ref,
		    uint32_t *id);
/* Starts a request for the VR of "table"/-V in @buf (NULL: the socket's
 * buffer); *@vr_off: where its VR attribute is, for route_failed().
 */
int route_req_in(struct vrnl_ctx *c, void *buf, uint8_t cmd, uint16_t flags,
		 const char *table, struct nlmsghdr **nlhp, uint32_t *vr_off);
/* Dumps the VR's routes of f->family into @cb; 0 or ip's exit code. */
int route_dump(struct vrnl_ctx *c, const struct rt_filter *f, mnl_cb_t cb,
	       void *data);
/* Prints ip's message for a refused change; @vr_off: the VR attribute. */
int route_failed(const struct vrnl_err *e, uint32_t vr_off);
int route_usage(void);

/* route_flush.c */
int route_flush(struct vrnl_ctx *c, int argc, char **argv);
int route_monitor_print(struct vrnl_ctx *c, const struct nlmsghdr *nlh,
			bool deleted);

#endif
