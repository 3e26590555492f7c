/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU counters of a VR or a port (enum vrs_stat).  The data path only
 * ever increments its own CPU's copy, under u64_stats_sync so that 32-bit
 * readers see consistent values; readers sum over all CPUs.
 */
#ifndef _VRS_STATS_H
#define _VRS_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/vrs.h>

struct sk_buff;

struct vrs_pcpu_stats {
	u64_stats_t cnt[__VRS_STAT_MAX];
	struct u64_stats_sync syncp;
};

struct vrs_pcpu_stats __percpu *vrs_stats_alloc(void);
void vrs_stats_free(struct vrs_pcpu_stats __percpu *stats);

/* Adds @n to counter @which on this CPU; safe in softirq and process
 * context (the update is done with bottom halves off).
 */
void vrs_stats_add(struct vrs_pcpu_stats __percpu *stats,
		   enum vrs_stat which, u64 n);

static inline void vrs_stats_inc(struct vrs_pcpu_stats __percpu *stats,
				 enum vrs_stat which)
{
	vrs_stats_add(stats, which, 1);
}

/* Sums the counters into @out[__VRS_STAT_MAX]. */
void vrs_stats_read(struct vrs_pcpu_stats __percpu *stats, u64 *out);

/* Puts every counter's sum, as u64s nested in attribute @attrtype. */
int vrs_stats_fill(struct sk_buff *skb, int attrtype,
		   struct vrs_pcpu_stats __percpu *stats);

#endif /* _VRS_STATS_H */
