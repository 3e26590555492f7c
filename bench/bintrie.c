// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "bintrie.h"

#define BIT(a, i) (((a)[(i) >> 3] >> (7 - ((i) & 7))) & 1)

void bt_init(struct bintrie *t, unsigned int bits)
{
	memset(t, 0, sizeof(*t));
	t->bits = bits;
}

int bt_insert(struct bintrie *t, const uint8_t *a, unsigned int plen,
	      uint32_t res)
{
	struct bt_node *n = &t->root;
	unsigned int i;

	for (i = 0; i < plen; i++) {
		struct bt_node **c = &n->c[BIT(a, i)];

		if (!*c) {
			*c = calloc(1, sizeof(**c));
			if (!*c)
				return -ENOMEM;
			t->nodes++;
		}
		n = *c;
	}
	if (n->res)
		return -EEXIST;
	n->res = res;
	return 0;
}

int bt_delete(struct bintrie *t, const uint8_t *a, unsigned int plen)
{
	struct bt_node *path[129];
	struct bt_node *n = &t->root;
	unsigned int i;

	for (i = 0; i < plen; i++) {
		path[i] = n;
		n = n->c[BIT(a, i)];
		if (!n)
			return -ENOENT;
	}
	if (!n->res)
		return -ENOENT;
	n->res = 0;
	/* prune empty nodes upwards */
	while (i > 0 && !n->res && !n->c[0] && !n->c[1]) {
		i--;
		path[i]->c[BIT(a, i)] = NULL;
		free(n);
		t->nodes--;
		n = path[i];
	}
	return 0;
}

static void bt_free(struct bt_node *n)
{
	if (!n)
		return;
	bt_free(n->c[0]);
	bt_free(n->c[1]);
	free(n);
}

void bt_destroy(struct bintrie *t)
{
	bt_free(t->root.c[0]);
	bt_free(t->root.c[1]);
	memset(&t->root, 0, sizeof(t->root));
	t->nodes = 0;
}
