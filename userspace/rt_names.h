/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrnl: names of route protocols, scopes and types, as iproute2's
 * rt_names.c gives them: built-in tables, extended by rt_protos and
 * rt_scopes (and their .d directories of .conf files) in /usr/share/iproute2 and /etc/iproute2.
 */
#ifndef VRNL_RT_NAMES_H
#define VRNL_RT_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* Number to name: the name, or the number in decimal (in @buf). */
const char *rt_proto_n2a(unsigned int id, char *buf, size_t len);
const char *rt_scope_n2a(unsigned int id, char *buf, size_t len);
const char *rt_type_n2a(unsigned int id, char *buf, size_t len);

/* Name or number (0..255) to number: 0, or -1 if @arg is neither. */
int rt_proto_a2n(uint32_t *id, const char *arg);
int rt_scope_a2n(uint32_t *id, const char *arg);
int rt_type_a2n(int *id, const char *arg);

/* Tests: read the name files from @dirs (colon-separated, later ones
 * override) instead of the system's; NULL or "" reads none.
 */
void rt_names_set_dirs(const char *dirs);

#endif
