// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded-time fuzzer of the "vrs" generic netlink family, for the debug
 * kernel: the kernel must never splat (the VM harness checks dmesg, taint
 * and kmemleak afterwards), and the family must still answer at the end.
 *
 * Concurrent workers, each with its own socket, namespace and privileges:
 * root in the initial namespace (two of them, racing), root in a private
 * network namespace that is replaced now and then (pernet exit with VRs),
 * "nobody" without capabilities, and "nobody" in a user + network namespace
 * of its own (a tenant).  Each sends generated messages: valid-ish
 * attribute sets of every command, wrong types and lengths, nested
 * attributes, unknown attributes and commands, random flags, version and
 * reserved bits, several messages per datagram, and mutations of messages
 * the kernel accepted.  Names and ids come from small pools so that
 * creations, lookups and deletions collide.
 *
 * All the while, nlfuzz-traffic.sh floods a VR that the fuzzers cannot
 * see (its own namespace) and a veth of the initial namespace that they
 * attach to their VRs and detach again, so the data path races them.
 *
 * The run ends when the workers together have sent NLFUZZ_MESSAGES
 * netlink messages (default 100000; a datagram may carry several), or
 * after NLFUZZ_SECONDS if that is set (then the count is only reported).
 * Printed: per worker and in total the messages sent, and the histogram
 * of the kernel's answers by errno.
 * Env: NLFUZZ_SEED (default: from the clock; always printed): a worker's
 * messages are a function of the seed, the interleaving of the workers is
 * not.  NLFUZZ_TRAFFIC=0 runs without traffic.
 */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/vrs.h>

#include "../ktap.h"
#include "../../userspace/nl.h"

#define MSG_MAX		4096
#define CORPUS		64
#define ERRNO_MAX	134	/* errnos above are counted in the last bucket */

/* Shared by the forked workers (MAP_SHARED), updated atomically. */
struct totals {
	unsigned long messages;
	unsigned long answers[ERRNO_MAX + 1];	/* [0]: ACK, [e]: errno e */
};

static struct totals *totals;

static void count(unsigned long *c, unsigned long n)
{
	__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

/* answers[] index of an NLMSG_ERROR's error field (0 or -errno). */
static unsigned int bucket(int error)
{
	if (!error)
		return 0;
	if (error < 0 && -error < ERRNO_MAX)
		return (unsigned int)-error;
	return ERRNO_MAX;
}

struct fuzz {
	uint64_t rng;
	uint16_t family;
	struct vrnl_nl nl;
	char corpus[CORPUS][MSG_MAX];
	unsigned int corpus_len[CORPUS], ncorpus;
	unsigned long sent, send_err, acked, nacked, dumps;
};

static uint32_t rnd(struct fuzz *f, uint32_t n)
{
	uint64_t x = f->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	f->rng = x;
	return n ? (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32) % n : 0;
}

static bool chance(struct fuzz *f, uint32_t one_in)
{
	return rnd(f, one_in) == 0;
}

/* ---- attribute generators ---------------------------------------------- */

static const char *const names[] = {
	"red", "blue", "green", "a", "b.c", "x-1", "_", "tenant_42",
	"abcdefghijklmno", "abcdefghijklmnop", "", "1", "123", ".", "..",
	"bad name", "bad/name", "r\xc3\xa9", "v0", "v1",
};

static struct nlattr *put(struct nlmsghdr *nlh, uint16_t type,
			  const void *data, size_t len)
{
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

	if (nlh->nlmsg_len + MNL_ALIGN(sizeof(*a) + len) > MSG_MAX - 64)
		return NULL;
	mnl_attr_put(nlh, type, len, data);
	return a;
}

static void put_name(struct fuzz *f, struct nlmsghdr *nlh, uint16_t type)
{
	char buf[48];
	uint32_t i, len;

	switch (rnd(f, 4)) {
	case 0:
		snprintf(buf, sizeof(buf), "z%u", rnd(f, 48));
		break;
	case 1:	/* random bytes, any length, maybe no NUL */
		len = rnd(f, sizeof(buf));
		for (i = 0; i < len; i++)
			buf[i] = (char)rnd(f, 256);
		put(nlh, type, buf, len);
		return;
	default:
		snprintf(buf, sizeof(buf), "%s", names[rnd(f, sizeof(names) / sizeof(names[0]))]);
	}
	put(nlh, type, buf, strlen(buf) + !chance(f, 8));
}

static uint32_t some_u32(struct fuzz *f)
{
	switch (rnd(f, 8)) {
	case 0: return 0;
	case 1: return UINT32_MAX;
	case 2: return rnd(f, UINT32_MAX);
	default: return rnd(f, 40);
	}
}

static void put_blob(struct fuzz *f, struct nlmsghdr *nlh, uint16_t type,
		     uint32_t maxlen)
{
	unsigned char buf[64];
	uint32_t i, len = rnd(f, maxlen + 1);

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)rnd(f, 256);
	put(nlh, type, buf, len);
}

static void put_scalar(struct fuzz *f, struct nlmsghdr *nlh, uint16_t type,
		       size_t size)
{
	uint32_t v = some_u32(f);
	uint64_t v64 = v;

	if (chance(f, 6))	/* a wrong length */
		put_blob(f, nlh, type, 12);
	else if (size == 8)
		put(nlh, type, &v64, 8);
	else
		put(nlh, type, &v, size);
}

static void put_attrs(struct fuzz *f, struct nlmsghdr *nlh, int depth);

static void put_nest(struct fuzz *f, struct nlmsghdr *nlh, uint16_t type,
		     int depth)
{
	struct nlattr *n;

	if (nlh->nlmsg_len > MSG_MAX - 256)
		return;
	n = mnl_attr_nest_start(nlh, type | (chance(f, 4) ? 0 : NLA_F_NESTED));
	if (depth < 4)
		put_attrs(f, nlh, depth + 1);
	mnl_attr_nest_end(nlh, n);
}

/* A next hop: mostly its own attribute space, sometimes anything. */
static void put_nexthop(struct fuzz *f, struct nlmsghdr *nlh, int depth)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, VRS_A_RT_NEXTHOP | NLA_F_NESTED);
	int i, k = (int)rnd(f, 5);

	for (i = 0; i < k; i++) {
		switch (rnd(f, 6)) {
		case 0: put_scalar(f, nlh, VRS_NH_A_GW_FAMILY, 1); break;
		case 1: put_blob(f, nlh, VRS_NH_A_GATEWAY, 17); break;
		case 2: put_scalar(f, nlh, VRS_NH_A_IFINDEX, 4); break;
		case 3: put_scalar(f, nlh, VRS_NH_A_WEIGHT, 2); break;
		case 4: put_scalar(f, nlh, VRS_NH_A_FLAGS, 4); break;
		default: put_nest(f, nlh, (uint16_t)rnd(f, 10), depth + 1);
		}
	}
	mnl_attr_nest_end(nlh, n);
}

static void put_attr(struct fuzz *f, struct nlmsghdr *nlh, uint16_t type,
		     int depth)
{
	switch (type) {
	case VRS_A_VR_NAME:
	case VRS_A_PORT_IFNAME:
	case VRS_A_PORT_VPORT_NAME:
		put_name(f, nlh, type);
		break;
	case VRS_A_RT_FAMILY:
	case VRS_A_RT_DST_LEN:
	case VRS_A_RT_TYPE:
	case VRS_A_RT_PROTOCOL:
	case VRS_A_RT_SCOPE:
		put_scalar(f, nlh, type, 1);
		break;
	case VRS_A_RT_DST:
	case VRS_A_RT_PREFSRC:
		put_blob(f, nlh, type, 20);
		break;
	case VRS_A_RT_NEXTHOPS: {
		struct nlattr *n = mnl_attr_nest_start(nlh, type | NLA_F_NESTED);
		int i, k = (int)rnd(f, 4);

		for (i = 0; i < k && nlh->nlmsg_len < MSG_MAX - 512; i++)
			put_nexthop(f, nlh, depth);
		mnl_attr_nest_end(nlh, n);
		break;
	}
	case VRS_A_RT_BATCH: {	/* ops: mostly route attributes */
		struct nlattr *n = mnl_attr_nest_start(nlh, type | NLA_F_NESTED);
		int i, k = (int)rnd(f, 4);

		for (i = 0; i < k && nlh->nlmsg_len < MSG_MAX - 512; i++) {
			struct nlattr *op = mnl_attr_nest_start(nlh, VRS_A_RT_OP |
								NLA_F_NESTED);

			if (chance(f, 8))
				put_scalar(f, nlh, VRS_A_RT_OP_CMD, 1);
			else
				mnl_attr_put_u8(nlh, VRS_A_RT_OP_CMD, chance(f, 2) ?
						VRS_CMD_ROUTE_DEL : VRS_CMD_ROUTE_NEW);
			put_attrs(f, nlh, depth + 1);
			mnl_attr_nest_end(nlh, op);
		}
		mnl_attr_nest_end(nlh, n);
		break;
	}
	case VRS_A_RT_OP_CMD:
		put_scalar(f, nlh, type, 1);
		break;
	case VRS_A_VR_STATS:
	case VRS_A_PORT_STATS:
	case VRS_A_RT_OP:
	case VRS_A_RT_NEXTHOP:
		put_nest(f, nlh, type, depth);
		break;
	case VRS_A_PAD:
		put_blob(f, nlh, type, 8);
		break;
	default:	/* u32s, and the unknown */
		if (type > VRS_A_MAX && chance(f, 2))
			put_nest(f, nlh, type, depth);
		else
			put_scalar(f, nlh, type, chance(f, 8) ? 8 : 4);
	}
}

static void put_attrs(struct fuzz *f, struct nlmsghdr *nlh, int depth)
{
	int i, k = (int)rnd(f, depth ? 4 : 7);
	uint16_t type;

	for (i = 0; i < k; i++) {
		if (chance(f, 12))
			type = (uint16_t)rnd(f, 64);
		else
			type = (uint16_t)(1 + rnd(f, VRS_A_MAX));
		put_attr(f, nlh, type, depth);
	}
}

/* ---- messages ------------------------------------------------------------- */

static uint16_t gen_flags(struct fuzz *f)
{
	static const uint16_t some[] = {
		NLM_F_ACK, NLM_F_ACK, NLM_F_DUMP, NLM_F_ACK | NLM_F_DUMP,
		NLM_F_ACK | NLM_F_ECHO, NLM_F_ECHO, 0,
		NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE, NLM_F_ACK | NLM_F_EXCL,
		NLM_F_ACK | NLM_F_APPEND,
	};

	if (chance(f, 16))
		return (uint16_t)rnd(f, 65536);
	return NLM_F_REQUEST | some[rnd(f, sizeof(some) / sizeof(some[0]))];
}

/* A fresh message at @buf; returns its length. */
static unsigned int gen_msg(struct fuzz *f, char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = chance(f, 64) ? (uint16_t)rnd(f, 64) : f->family;
	nlh->nlmsg_flags = gen_flags(f);
	nlh->nlmsg_seq = (uint32_t)f->sent;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = (uint8_t)(chance(f, 16) ? rnd(f, 256) : rnd(f, VRS_CMD_MAX + 3));
	g->version = chance(f, 16) ? (uint8_t)rnd(f, 256) : VRS_GENL_VERSION;
	g->reserved = chance(f, 16) ? (uint16_t)rnd(f, 65536) : 0;
	put_attrs(f, nlh, 0);
	return nlh->nlmsg_len;
}

/* A mutation of an accepted message: flipped bytes, a truncation, a bad
 * nlmsg_len, or a duplicated tail.  Returns the length to send.
 */
static unsigned int mutate(struct fuzz *f, char *buf)
{
	unsigned int i = rnd(f, f->ncorpus < CORPUS ? f->ncorpus : CORPUS);
	unsigned int len = f->corpus_len[i], k, n;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	memcpy(buf, f->corpus[i], len);
	nlh->nlmsg_seq = (uint32_t)f->sent;
	switch (rnd(f, 4)) {
	case 0:
		for (n = 1 + rnd(f, 4), k = 0; k < n; k++)
			buf[NLMSG_HDRLEN + rnd(f, len - NLMSG_HDRLEN)] ^=
				(char)(1 << rnd(f, 8));
		break;
	case 1:
		len = NLMSG_HDRLEN + rnd(f, len - NLMSG_HDRLEN + 1);
		nlh->nlmsg_len = chance(f, 2) ? len : nlh->nlmsg_len;
		break;
	case 2:
		nlh->nlmsg_len = rnd(f, len + 16);
		break;
	default:
		k = GENL_HDRLEN + NLMSG_HDRLEN;
		n = len - k;
		if (len + n <= MSG_MAX) {
			memcpy(buf + len, buf + k, n);
			len += n;
			nlh->nlmsg_len = len;
		}
	}
	return len;
}

static void remember(struct fuzz *f, const char *msg, unsigned int len)
{
	unsigned int i = f->ncorpus++ % CORPUS;

	if (len > GENL_HDRLEN + NLMSG_HDRLEN && len <= MSG_MAX) {
		memcpy(f->corpus[i], msg, len);
		f->corpus_len[i] = len;
	} else {
		f->ncorpus--;
	}
}

/* Reads whatever the kernel answered (dumps continue on each read). */
static void drain(struct fuzz *f, const char *sent, unsigned int len)
{
	static char rbuf[65536];
	const struct nlmsghdr *nlh;
	int n, rounds = 0;

	while (rounds++ < 64) {
		n = (int)recv(mnl_socket_get_fd(f->nl.sock), rbuf, sizeof(rbuf),
			      MSG_DONTWAIT);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0)
			continue;	/* ENOBUFS and friends */
		for (nlh = (void *)rbuf; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				f->dumps++;
			} else if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				count(&totals->answers[bucket(e->error)], 1);
				if (e->error)
					f->nacked++;
				else if (f->acked++, sent)
					remember(f, sent, len);
			}
		}
	}
}

static void send_one(struct fuzz *f)
{
	static char buf[MSG_MAX * 3];
	unsigned int len = 0, k, n = chance(f, 10) ? 2 + rnd(f, 2) : 1;
	bool fresh = true;

	for (k = 0; k < n && len + MSG_MAX <= sizeof(buf); k++) {
		if (f->ncorpus && chance(f, 4)) {
			len += mutate(f, buf + len);
			fresh = false;
		} else {
			len += gen_msg(f, buf + len);
		}
		len = MNL_ALIGN(len);
	}
	f->sent++;
	count(&totals->messages, k);
	if (send(mnl_socket_get_fd(f->nl.sock), buf, len, 0) < 0)
		f->send_err++;
	drain(f, fresh && n == 1 ? buf : NULL, len);
}

/* ---- workers ------------------------------------------------------------- */

enum who { ROOT, ROOT_NETNS, NOBODY, NOBODY_USERNS };

static const struct worker {
	const char *name;
	enum who who;
} workers[] = {
	{ "root in the initial namespace", ROOT },
	{ "root in the initial namespace (racing)", ROOT },
	{ "root in private network namespaces", ROOT_NETNS },
	{ "nobody (no capabilities)", NOBODY },
	{ "nobody in its own user+network namespace", NOBODY_USERNS },
};

#define N_WORKERS (sizeof(workers) / sizeof(workers[0]))

static int become(enum who who)
{
	if (who == ROOT_NETNS)
		return unshare(CLONE_NEWNET);
	if (who == NOBODY || who == NOBODY_USERNS) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			return -1;
	}
	if (who == NOBODY_USERNS)
		return unshare(CLONE_NEWUSER | CLONE_NEWNET);
	return 0;
}

static int fuzz_open(struct fuzz *f)
{
	int zero = 0;

	if (vrnl_nl_open(&f->nl))
		return -1;
	f->family = f->nl.family;
	if (chance(f, 2))	/* both ACK layouts */
		mnl_socket_setsockopt(f->nl.sock, NETLINK_EXT_ACK, &zero,
				      sizeof(zero));
	if (chance(f, 2))
		vrnl_nl_join(&f->nl, VRS_MCGRP_VR);
	return 0;
}

/* The run is over: the message budget is spent, or the time is up. */
static bool over(unsigned long budget, time_t end)
{
	if (end)
		return time(NULL) >= end;
	return __atomic_load_n(&totals->messages, __ATOMIC_RELAXED) >= budget;
}

static int worker_run(const struct worker *w, uint64_t seed,
		      unsigned long budget, time_t end)
{
	struct fuzz *f = calloc(1, sizeof(*f));

	if (!f)
		return 2;
	f->rng = seed | 1;
	if (become(w->who) || fuzz_open(f)) {
		printf("# %s: set-up failed: %s\n", w->name, strerror(errno));
		return 2;
	}
	while (!over(budget, end)) {
		send_one(f);
		if (!chance(f, 2000))
			continue;
		vrnl_nl_close(&f->nl);	/* maybe mid-dump */
		if (w->who == ROOT_NETNS && chance(f, 2) && unshare(CLONE_NEWNET))
			return 2;
		if (fuzz_open(f))
			return 2;
	}
	printf("# %s: %lu datagrams (%lu refused by send), %lu ACKs, %lu errors, %lu dumps, %u accepted kept\n",
	       w->name, f->sent, f->send_err, f->acked, f->nacked, f->dumps,
	       f->ncorpus);
	fflush(stdout);
	vrnl_nl_close(&f->nl);
	return 0;
}

/* ---- main ----------------------------------------------------------------- */

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(unsigned int *)data;
	return MNL_CB_OK;
}

/* After the storm the family still answers and still works; the VRs the
 * fuzzers left go with the module (run-vm-tests.sh unloads it).
 */
static void check_alive(void)
{
	struct vrnl_nl nl;
	struct vrnl_err e;
	struct nlmsghdr *nlh;
	unsigned int n = 0;
	int rc;

	rc = vrnl_nl_open(&nl);
	if (!rc)
		rc = vrnl_nl_talk(&nl, vrnl_nl_req(&nl, VRS_CMD_VR_GET, NLM_F_DUMP),
				  count_cb, &n, &e);
	ktap_result(!rc, "family still answers (%u VRs left by the fuzzers)", n);
	if (rc)
		return;
	nlh = vrnl_nl_req(&nl, VRS_CMD_VR_NEW, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "nlfuzz-final");
	rc = vrnl_nl_talk(&nl, nlh, NULL, NULL, &e);
	nlh = vrnl_nl_req(&nl, VRS_CMD_VR_DEL, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VRS_A_VR_NAME, "nlfuzz-final");
	rc = rc ?: vrnl_nl_talk(&nl, nlh, NULL, NULL, &e);
	ktap_result(!rc, "create and delete still work%s%s", rc ? ": " : "",
		    rc ? strerror(e.err) : "");
	vrnl_nl_close(&nl);
}

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static void print_histogram(void)
{
	char line[1024];
	size_t len = 0;
	unsigned int e;

	for (e = 0; e <= ERRNO_MAX; e++) {
		const char *name = !e ? "ACK" : e == ERRNO_MAX ? "other" : strerrorname_np((int)e);

		if (!totals->answers[e] || len >= sizeof(line))
			continue;
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %s %lu",
					name ? name : "?", totals->answers[e]);
	}
	ktap_print("answers by errno:%s", len ? line : " none");
}

/* nlfuzz-traffic.sh start|stop; 0 if it succeeded.  Its stdout is ours. */
static int traffic(const char *what)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "./debug/nlfuzz-traffic.sh %s", what);
	fflush(stdout);
	return system(cmd);
}

static void run_workers(uint64_t seed, unsigned long budget, time_t end)
{
	pid_t pids[N_WORKERS];
	size_t i;
	int status;

	for (i = 0; i < N_WORKERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(worker_run(&workers[i], seed * 1000003u + i, budget, end));
	}
	for (i = 0; i < N_WORKERS; i++) {
		status = -1;
		if (pids[i] > 0)
			waitpid(pids[i], &status, 0);
		ktap_result(WIFEXITED(status) && !WEXITSTATUS(status),
			    "%s", workers[i].name);
	}
}

int main(void)
{
	uint64_t seed = env_u64("NLFUZZ_SEED", (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
	unsigned long budget = env_u64("NLFUZZ_MESSAGES", 100000);
	time_t secs = (time_t)env_u64("NLFUZZ_SECONDS", 0), start = time(NULL);
	bool with_traffic = env_u64("NLFUZZ_TRAFFIC", 1);
	struct vrnl_nl nl;

	totals = mmap(NULL, sizeof(*totals), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (totals == MAP_FAILED)
		return 1;
	ktap_plan(N_WORKERS + 4);
	ktap_print("seed %llu, %s %lu (replay: NLFUZZ_SEED=%llu)",
		   (unsigned long long)seed, secs ? "seconds" : "messages",
		   secs ? (unsigned long)secs : budget, (unsigned long long)seed);
	if (vrnl_nl_open(&nl)) {	/* loads the module for "nobody" */
		ktap_print("cannot reach the vrs family");
		return 1;
	}
	vrnl_nl_close(&nl);
	if (with_traffic && traffic("start")) {
		ktap_print("cannot start the traffic");
		return 1;
	}
	run_workers(seed, budget, secs ? start + secs : 0);
	ktap_print("%lu messages in %ld s", totals->messages, (long)(time(NULL) - start));
	print_histogram();
	ktap_result(secs || totals->messages >= budget, "at least %lu messages sent", budget);
	if (with_traffic)
		ktap_result(!traffic("stop"), "traffic forwarded throughout");
	else
		ktap_skipped("NLFUZZ_TRAFFIC=0", "traffic forwarded throughout");
	check_alive();
	return ktap_finish();
}
