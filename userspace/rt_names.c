// SPDX-License-Identifier: GPL-2.0
/* vrnl: route protocol, scope and type names (see rt_names.h). */
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "rt_names.h"
#include "utils.h"

#define RT_NAME_MAX 64

struct rt_tab {
	const char *file;		/* e.g. "rt_protos" */
	const char *builtin[256];
	char *names[256];		/* from the files, override builtin */
	bool loaded;
};

static struct rt_tab protos = {
	.file = "rt_protos",
	.builtin = {
		[RTPROT_UNSPEC] = "unspec", [RTPROT_REDIRECT] = "redirect",
		[RTPROT_KERNEL] = "kernel", [RTPROT_BOOT] = "boot",
		[RTPROT_STATIC] = "static", [RTPROT_GATED] = "gated",
		[RTPROT_RA] = "ra", [RTPROT_MRT] = "mrt",
		[RTPROT_ZEBRA] = "zebra", [RTPROT_BIRD] = "bird",
		[RTPROT_DNROUTED] = "dnrouted", [RTPROT_XORP] = "xorp",
		[RTPROT_NTK] = "ntk", [RTPROT_DHCP] = "dhcp",
		[RTPROT_KEEPALIVED] = "keepalived", [RTPROT_BABEL] = "babel",
		[RTPROT_OPENR] = "openr", [RTPROT_BGP] = "bgp",
		[RTPROT_ISIS] = "isis", [RTPROT_OSPF] = "ospf",
		[RTPROT_RIP] = "rip", [RTPROT_EIGRP] = "eigrp",
	},
};

static struct rt_tab scopes = {
	.file = "rt_scopes",
	.builtin = {
		[RT_SCOPE_UNIVERSE] = "global", [RT_SCOPE_NOWHERE] = "nowhere",
		[RT_SCOPE_HOST] = "host", [RT_SCOPE_LINK] = "link",
		[RT_SCOPE_SITE] = "site",
	},
};

static const char *const type_names[] = {
	[RTN_UNSPEC] = "none", [RTN_UNICAST] = "unicast",
	[RTN_LOCAL] = "local", [RTN_BROADCAST] = "broadcast",
	[RTN_ANYCAST] = "anycast", [RTN_MULTICAST] = "multicast",
	[RTN_BLACKHOLE] = "blackhole", [RTN_UNREACHABLE] = "unreachable",
	[RTN_PROHIBIT] = "prohibit", [RTN_THROW] = "throw",
	[RTN_NAT] = "nat", [RTN_XRESOLVE] = "xresolve",
};

static const char *name_dirs = "/usr/share/iproute2:/etc/iproute2";

void rt_names_set_dirs(const char *dirs)
{
	struct rt_tab *tabs[] = { &protos, &scopes };
	size_t t;
	int i;

	name_dirs = dirs ? dirs : "";
	for (t = 0; t < 2; t++) {
		for (i = 0; i < 256; i++) {
			free(tabs[t]->names[i]);
			tabs[t]->names[i] = NULL;
		}
		tabs[t]->loaded = false;
	}
}

/* Numbers as iproute2's get_unsigned() reads them (any base, 0..255). */
static bool get_id(const char *arg, unsigned long *id)
{
	char *end;

	if (!*arg || *arg == '-' || isspace((unsigned char)*arg))
		return false;
	*id = strtoul(arg, &end, 0);
	return !*end && *id <= 255;
}

/* One "ID NAME" file; '#' starts a comment line, as rtnl_tab_initialize. */
static void tab_read_file(struct rt_tab *tab, const char *path)
{
	char line[512], name[RT_NAME_MAX], idstr[32];
	unsigned long id;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t");

		if (*p == '#' || *p == '\n' || !*p)
			continue;
		if (sscanf(p, "%31s %63s", idstr, name) != 2 ||
		    !get_id(idstr, &id) || name[0] == '#')
			continue;
		free(tab->names[id]);
		tab->names[id] = strdup(name);
	}
	fclose(f);
}

static int conf_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 5 && !strcmp(d->d_name + len - 5, ".conf");
}

static void tab_read_dir(struct rt_tab *tab, const char *dir)
{
	struct dirent **list;
	char path[4096];
	int n, i;

	snprintf(path, sizeof(path), "%s/%s", dir, tab->file);
	tab_read_file(tab, path);
	snprintf(path, sizeof(path), "%s/%s.d", dir, tab->file);
	n = scandir(path, &list, conf_filter, alphasort);
	for (i = 0; i < n; i++) {
		char file[4096 + 256];

		snprintf(file, sizeof(file), "%s/%s", path, list[i]->d_name);
		tab_read_file(tab, file);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static void tab_load(struct rt_tab *tab)
{
	char dirs[4096], *dir, *save = NULL;

	if (tab->loaded)
		return;
	tab->loaded = true;
	snprintf(dirs, sizeof(dirs), "%s", name_dirs);
	for (dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save))
		tab_read_dir(tab, dir);
}

static const char *tab_name(struct rt_tab *tab, unsigned int id)
{
	if (id > 255)
		return NULL;
	tab_load(tab);
	return tab->names[id] ? tab->names[id] : tab->builtin[id];
}

static const char *tab_n2a(struct rt_tab *tab, unsigned int id, char *buf,
			   size_t len)
{
	const char *name = tab_name(tab, id);

	if (name)
		return name;
	snprintf(buf, len, "%u", id);
	return buf;
}

static int tab_a2n(struct rt_tab *tab, uint32_t *id, const char *arg)
{
	unsigned long v;
	unsigned int i;

	for (i = 0; i < 256; i++) {
		const char *name = tab_name(tab, i);

		if (name && !strcmp(name, arg)) {
			*id = i;
			return 0;
		}
	}
	if (!get_id(arg, &v))
		return -1;
	*id = (uint32_t)v;
	return 0;
}

const char *rt_proto_n2a(unsigned int id, char *buf, size_t len)
{
	return tab_n2a(&protos, id, buf, len);
}

const char *rt_scope_n2a(unsigned int id, char *buf, size_t len)
{
	return tab_n2a(&scopes, id, buf, len);
}

int rt_proto_a2n(uint32_t *id, const char *arg)
{
	return tab_a2n(&protos, id, arg);
}

int rt_scope_a2n(uint32_t *id, const char *arg)
{
	return tab_a2n(&scopes, id, arg);
}

const char *rt_type_n2a(unsigned int id, char *buf, size_t len)
{
	if (id < sizeof(type_names) / sizeof(type_names[0]))
		return type_names[id];
	snprintf(buf, len, "%u", id);
	return buf;
}

/* iproute2's order: exact words first, then abbreviations, so "u" is
 * unreachable and "b" broadcast.
 */
int rt_type_a2n(int *id, const char *arg)
{
	static const struct { const char *name; int type; bool abbrev; } t[] = {
		{ "local", RTN_LOCAL, false }, { "nat", RTN_NAT, false },
		{ "broadcast", RTN_BROADCAST, true },
		{ "brd", RTN_BROADCAST, false },
		{ "anycast", RTN_ANYCAST, true },
		{ "multicast", RTN_MULTICAST, true },
		{ "prohibit", RTN_PROHIBIT, true },
		{ "unreachable", RTN_UNREACHABLE, true },
		{ "blackhole", RTN_BLACKHOLE, true },
		{ "xresolve", RTN_XRESOLVE, true },
		{ "unicast", RTN_UNICAST, true },
		{ "throw", RTN_THROW, false },
	};
	unsigned long v;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].abbrev ? matches(arg, t[i].name) :
				  !strcmp(arg, t[i].name)) {
			*id = t[i].type;
			return 0;
		}
	}
	if (!get_id(arg, &v))
		return -1;
	*id = (int)v;
	return 0;
}
