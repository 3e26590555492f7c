/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal KTAP/TAP reporting for the VRS C selftests (kselftest layout). */
#ifndef VRS_KTAP_H
#define VRS_KTAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned int ktap_n, ktap_pass, ktap_fail, ktap_skip;

static inline void ktap_plan(unsigned int n)
{
	printf("TAP version 13\n1..%u\n", n);
	fflush(stdout);
}

static inline void ktap_print(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline void ktap_result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u ", ok ? "ok" : "not ok", ++ktap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		ktap_pass++;
	else
		ktap_fail++;
}

static inline void ktap_skipped(const char *why, const char *name)
{
	printf("ok %u %s # SKIP %s\n", ++ktap_n, name, why);
	ktap_skip++;
}

/* Prints the closing line and returns the exit status (kselftest codes). */
static inline int ktap_finish(void)
{
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
	       ktap_pass, ktap_fail, ktap_skip);
	fflush(stdout);
	if (ktap_fail)
		return 1;
	if (ktap_skip && !ktap_pass)
		return 4;
	return 0;
}

#endif
