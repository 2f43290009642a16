/*
 * Inside the workload generators: the state every generator shares and
 * the simulated drivers the workloads are built from.
 *
 * A workload's run function drives simulated devices until gen_exhausted()
 * says the allocation budget is spent, then tears every device down,
 * long-lived buffers last.  Devices keep the chunk numbers they hold in
 * gen_sets; gen_alloc returns -1 once the budget is spent (and a set simply
 * does not record it), so a device caught half-way through a session needs
 * no special case: its teardown frees what it got.
 *
 * Bounded state: each device holds at most a fixed number of chunks, so
 * the chunk-number bitmap, the only thing that grows, stays as small as
 * the largest live set.
 */
#ifndef CMA_GEN_INT_H
#define CMA_GEN_INT_H

#include <stdint.h>

#include "gen.h"

#define GEN_FIRST_NUM	3	/* cma-test: 0, 1, 2 are stdin/out/err */
#define GEN_SET_MAX	104	/* an MFC DPB: 32 frames x (luma, chroma, mv) */
#define GEN_PAGE	4096u

#define GEN_K(x)	((uint64_t)(x) << 10)
#define GEN_M(x)	((uint64_t)(x) << 20)

struct gen {
	const struct gen_sink	*sink;
	int			 err;		/* first sink error */
	uint64_t		 rng;		/* splitmix64 state */
	uint64_t		 limit;		/* alloc + free events */
	uint64_t		 max_allocs;	/* ceil(limit / 2) */
	uint64_t		 allocs;
	uint64_t		 frees;
	uint64_t		*used;		/* bitmap of live numbers */
	uint64_t		*ids;		/* id of the chunk numbered n */
	size_t			 cap;		/* numbers both arrays cover */
	int			 lowest;	/* no free number below this */
	unsigned		 live;
	unsigned		 peak_live;
	int			 max_num;
};

/* A group of chunks one device holds and frees together. */
struct gen_set {
	int		 num[GEN_SET_MAX];
	unsigned	 n;
};

/* gen.c: randomness, in [0, n) and [lo, hi], and "percent in 100". */
uint64_t gen_rand(struct gen *g);
unsigned gen_below(struct gen *g, unsigned n);
unsigned gen_between(struct gen *g, unsigned lo, unsigned hi);
int	 gen_chance(struct gen *g, unsigned percent);

/* gen.c: events.  gen_alloc returns the chunk number, or -1 once the
 * budget is spent; gen_free ignores -1 and stops at the event limit. */
int	 gen_alloc(struct gen *g, const char *dev, const char *kind,
    uint64_t size, uint64_t align);
void	 gen_free(struct gen *g, int num);
void	 gen_comment(struct gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int	 gen_exhausted(const struct gen *g);

void	 gen_set_alloc(struct gen *g, struct gen_set *s, const char *dev,
    const char *kind, uint64_t size, uint64_t align);
void	 gen_set_free(struct gen *g, struct gen_set *s);

/* gen_mfc.c: the MFC v5 H.264 decoder. */
struct gen_mfc_stream {
	const char	*name;		/* "1920x1080" */
	unsigned	 width, height;
	const char	*level;		/* "4.0" */
	unsigned	 max_dpb_mbs;	/* of that level */
};

extern const struct gen_mfc_stream gen_mfc_1080p, gen_mfc_720p,
    gen_mfc_wvga_l30, gen_mfc_wvga_l31, gen_mfc_ntsc;

struct gen_mfc_inst {
	int				 open;
	unsigned			 slot;		/* for comments */
	const struct gen_mfc_stream	*stream;
	unsigned			 extra;		/* DPB beyond minimum */
	struct gen_set			 inst;		/* ctx, desc, shm */
	struct gen_set			 cpb;		/* stream buffer */
	struct gen_set			 codec;		/* scratch */
	struct gen_set			 frames;	/* luma, chroma, mv */
};

int	 gen_mfc_firmware(struct gen *g);
void	 gen_mfc_open(struct gen *g, struct gen_mfc_inst *in,
    const struct gen_mfc_stream *s, unsigned extra);
void	 gen_mfc_resize(struct gen *g, struct gen_mfc_inst *in,
    const struct gen_mfc_stream *s);
void	 gen_mfc_close(struct gen *g, struct gen_mfc_inst *in);

/* gen_fimc.c: a FIMC capture ring (s5p-fimc.N). */
struct gen_fimc_format {
	const char	*name;
	uint64_t	 size;
};

extern const struct gen_fimc_format gen_fimc_720x480_yuv420,
    gen_fimc_800x480_nv21, gen_fimc_640x480_nv12;

struct gen_fimc {
	const char			*dev;
	int				 running;
	const struct gen_fimc_format	*fmt;
	struct gen_set			 ring;
};

void	 gen_fimc_start(struct gen *g, struct gen_fimc *f,
    const struct gen_fimc_format *fmt, unsigned frames, const char *why);
void	 gen_fimc_stop(struct gen *g, struct gen_fimc *f);
const struct gen_fimc_format *gen_fimc_preview_format(struct gen *g);

/* gen_jpeg.c: the S5PC110 JPEG codec. */
struct gen_jpeg_res {
	const char	*name;
	unsigned	 width, height;
};

struct gen_jpeg {
	const struct gen_jpeg_res	*res;		/* of the burst */
	unsigned			 shots;		/* in this burst */
	struct gen_set			 out;		/* streams in flight */
};

const struct gen_jpeg_res *gen_jpeg_pick(struct gen *g);
void	 gen_jpeg_capture(struct gen *g, struct gen_jpeg *j);
void	 gen_jpeg_flush(struct gen *g, struct gen_jpeg *j);
void	 gen_jpeg_view(struct gen *g, const struct gen_jpeg_res *r);

/* gen_fb.c: s3c-fb windows. */
struct gen_fb_win {
	unsigned	 win;
	unsigned	 bpp;
	unsigned	 buffers;
	struct gen_set	 bufs;
};

void	 gen_fb_win_open(struct gen *g, struct gen_fb_win *w, unsigned win,
    unsigned bpp, unsigned buffers, const char *why);
void	 gen_fb_win_close(struct gen *g, struct gen_fb_win *w);

/* The workloads, one file per family. */
extern const struct gen_workload gen_mfc_1080p_workload,
    gen_mfc_720p_workload, gen_mfc_wvga_workload,
    gen_fimc_workload, gen_jpeg_workload, gen_fb_workload,
    gen_day_workload, gen_imx6_workload;

#endif
