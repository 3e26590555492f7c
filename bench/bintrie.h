/* SPDX-License-Identifier: GPL-2.0 */
/* Plain one-bit-per-level binary trie: the benchmark's naive baseline. */
#ifndef VRS_BINTRIE_H
#define VRS_BINTRIE_H

#include <stddef.h>
#include <stdint.h>

/* res: result handle, 0 = none (as vrs_fib's) */
struct bt_node {
	struct bt_node *c[2];
	uint32_t res;
};

struct bintrie {
	struct bt_node root;
	unsigned int bits;
	size_t nodes;
};

void bt_init(struct bintrie *t, unsigned int bits);
int bt_insert(struct bintrie *t, const uint8_t *a, unsigned int plen,
	      uint32_t res);
int bt_delete(struct bintrie *t, const uint8_t *a, unsigned int plen);
void bt_destroy(struct bintrie *t);

static inline uint32_t bt_lookup(const struct bintrie *t, const uint8_t *a)
{
	const struct bt_node *n = &t->root;
	uint32_t best = n->res;
	unsigned int i;

	for (i = 0; i < t->bits; i++) {
		n = n->c[(a[i >> 3] >> (7 - (i & 7))) & 1];
		if (!n)
			break;
		if (n->res)
			best = n->res;
	}
	return best;
}

static inline size_t bt_bytes(const struct bintrie *t)
{
	return sizeof(*t) + t->nodes * sizeof(struct bt_node);
}

#endif
