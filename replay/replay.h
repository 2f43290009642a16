/*
 * Replay: run a stored trace through the framework under any layout and
 * allocator, and measure what happened.
 *
 * Events are streamed from the store in seq order.  Allocations are made
 * with the same request (device/kind or region list, size, alignment);
 * gets and puts act on the chunk the trace's identity maps to, so a replay
 * under another layout frees the right chunk whatever address it got.
 * Outcomes are compared with the recorded ones when the trace has them.
 *
 * Two rules where the trace cannot say what to do:
 *  - a request that failed when recorded but succeeds here is released at
 *    once (its lifetime is unknown) and counted in `replay_only`;
 *  - a put or get of a chunk the replay never got (it failed here) is
 *    skipped and counted in `orphans`.
 *
 * A failed request is a *capacity* failure when no candidate region had as
 * many free bytes as the (page-rounded) request, else a *fragmentation*
 * failure: the memory was there, not in one piece.  Each failure is stored
 * with U(s) and FI(s) of every candidate region at that moment.
 */
#ifndef CMA_REPLAY_H
#define CMA_REPLAY_H

#include <stdint.h>

#include "cma/board.h"
#include "cma/err.h"
#include "cma/param.h"
#include "store.h"

struct replay_options {
	const char *board;	/* built-in name or file; NULL: the trace's */
	const struct cma_board *board_def; /* a board already made (from a
					 * device tree); wins over board */
	const char *cma;	/* NULL: the trace's */
	const char *map;	/* NULL: the trace's */
	const char *cma_mainline; /* mainline cma= default area to add to
				 * the configuration (cma/mainline.h) */
	const char *allocator;	/* every region's; NULL: as cma= says */
	int	    save;	/* store the result in the database */
	/* Called every few thousand events and at the end. */
	void	  (*progress)(void *arg, uint64_t done, uint64_t total);
	void	   *progress_arg;
};

struct replay_scope {
	char	 name[CMA_BOARD_NAME_MAX];
	uint64_t size;			/* bytes managed */
	uint64_t requests, successes, fail_capacity, fail_fragmentation;
	uint64_t live, peak_live;	/* requested bytes of live chunks */
	uint64_t used, peak_used;	/* bytes taken from the region */
	uint64_t min_largest_free;
	double	 sum_unusable, sum_fragindex;
	uint64_t nsamples;		/* failures U and FI were taken at */
};

struct replay_result {
	int64_t	 replay_id;		/* 0 when not saved */
	int64_t	 trace;
	char	 board[CMA_BOARD_NAME_MAX];
	char	 cma[CMA_MAX_PARAM_LEN];
	char	 map[CMA_MAX_PARAM_LEN];
	char	 allocator[64];
	uint64_t events;
	uint64_t requests, successes;
	uint64_t fail_capacity, fail_fragmentation, fail_other;
	uint64_t recorded_failures;	/* requests that failed when recorded */
	uint64_t differences;		/* success here vs failure there or
					 * the other way round */
	uint64_t address_differences;	/* both succeeded, elsewhere */
	int64_t	 first_difference;	/* seq of the first of either, or 0 */
	uint64_t replay_only, orphans;
	uint64_t live, peak_live;
	double	 seconds, events_per_second;
	int	 nregions, nbanks;
	struct replay_scope regions[CMA_MAX_REGIONS];
	struct replay_scope banks[CMA_BOARD_MAX_BANKS];
};

int replay_run(struct trace_store *st, int64_t trace,
    const struct replay_options *opt, struct replay_result *res,
    struct cma_err *err);

/* Total failures (capacity + fragmentation + other). */
uint64_t replay_failures(const struct replay_result *res);

#endif
