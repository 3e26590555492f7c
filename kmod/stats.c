// SPDX-License-Identifier: GPL-2.0
/* Per-CPU counters of VRs and ports. */
#include <linux/bottom_half.h>
#include <net/netlink.h>

#include "stats.h"

struct vrs_pcpu_stats __percpu *vrs_stats_alloc(void)
{
	struct vrs_pcpu_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct vrs_pcpu_stats, GFP_KERNEL_ACCOUNT);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void vrs_stats_free(struct vrs_pcpu_stats __percpu *stats)
{
	free_percpu(stats);
}

void vrs_stats_add(struct vrs_pcpu_stats __percpu *stats,
		   enum vrs_stat which, u64 n)
{
	struct vrs_pcpu_stats *s;
	unsigned long flags;

	/* irqsave: counters may also be bumped from hard-irq netpoll paths. */
	flags = u64_stats_update_begin_irqsave(&this_cpu_ptr(stats)->syncp);
	s = this_cpu_ptr(stats);
	u64_stats_add(&s->cnt[which], n);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

void vrs_stats_read(struct vrs_pcpu_stats __percpu *stats, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * __VRS_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct vrs_pcpu_stats *s = per_cpu_ptr(stats, cpu);
		u64 v[__VRS_STAT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __VRS_STAT_MAX; i++)
				v[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __VRS_STAT_MAX; i++)
			out[i] += v[i];
	}
}

int vrs_stats_fill(struct sk_buff *skb, int attrtype,
		   struct vrs_pcpu_stats __percpu *stats)
{
	u64 sum[__VRS_STAT_MAX];
	struct nlattr *nest;
	int i;

	vrs_stats_read(stats, sum);
	nest = nla_nest_start(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	for (i = VRS_STAT_RX_PACKETS; i < __VRS_STAT_MAX; i++) {
		if (nla_put_u64_64bit(skb, i, sum[i], VRS_STAT_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}
