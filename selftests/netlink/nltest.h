/* SPDX-License-Identifier: GPL-2.0 */
/* Scaffolding shared by the netlink API selftests: checks and the runner. */
#ifndef VRS_NLTEST_H
#define VRS_NLTEST_H

#include <stddef.h>

#include "../ktap.h"
#include "../../userspace/nl.h"

/* The test's connection to the family, and shorthands for it. */
static struct vrnl_nl nl;

static inline struct nlmsghdr *req(uint8_t cmd, uint16_t flags)
{
	return vrnl_nl_req(&nl, cmd, flags);
}

static inline int talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		       struct vrnl_err *e)
{
	return vrnl_nl_talk(&nl, nlh, cb, data, e);
}

/* In a test function: on failure, say where and why, and fail the test. */
#define CHECK(cond, ...) do {					\
	if (!(cond)) {						\
		ktap_print("%s:%d: check failed: %s", __func__,	\
			   __LINE__, #cond);			\
		ktap_print(__VA_ARGS__);			\
		return 1;					\
	}							\
} while (0)

struct nltest {
	const char *name;
	int (*fn)(void);	/* 0: pass */
};

#define NLTEST_SKIP	4	/* a setup() result: skip every test */

/* Runs @tests as one KTAP plan.  @setup returns 0, NLTEST_SKIP (the
 * family is unavailable) or anything else (every test fails); @teardown
 * runs in every case.  Returns the exit status.
 */
static inline int nltest_run(const struct nltest *tests, size_t n,
			     int (*setup)(void), void (*teardown)(void))
{
	size_t i;
	int err;

	ktap_plan(n);
	err = setup();
	for (i = 0; i < n; i++) {
		if (err == NLTEST_SKIP)
			ktap_skipped("vrs family unavailable", tests[i].name);
		else if (err)
			ktap_result(0, "%s # setup failed", tests[i].name);
		else
			ktap_result(!tests[i].fn(), "%s", tests[i].name);
	}
	teardown();
	return ktap_finish();
}

#define NLTEST_N(tests)	(sizeof(tests) / sizeof((tests)[0]))

#endif
