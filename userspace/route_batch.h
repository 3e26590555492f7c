/* SPDX-License-Identifier: GPL-2.0 */
/* vrnl -batch: route changes sent many per request (route_batch.c). */
#ifndef VRNL_ROUTE_BATCH_H
#define VRNL_ROUTE_BATCH_H

#include <stdbool.h>

#include "utils.h"

struct route_batch;

struct route_batch *route_batch_new(void);
void route_batch_free(struct route_batch *b);

/* Is the line (object and all) a route change that can be queued? */
bool route_batch_takes(int argc, char **argv);

/* Queues the route change on batch line @line (sending what was queued
 * first when needed); failures, its own or earlier lines', are reported.
 * Returns a batch status (vrnl.h).
 */
int route_batch_add(struct vrnl_ctx *c, struct route_batch *b, int argc,
		    char **argv, unsigned int line);

/* Sends what is queued, reports failures; returns a batch status. */
int route_batch_flush(struct vrnl_ctx *c, struct route_batch *b);

/* Forgets the VR and device names resolved so far: another command may
 * change them.  Call after a flush.
 */
void route_batch_forget(struct route_batch *b);

#endif
