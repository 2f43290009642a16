/*
 * The display controller's framebuffer windows (s3c-fb) and the
 * framebuffer workload.
 *
 * The goni panel is 480x800 (the aquila's 800x480): a 32-bpp buffer is
 * 1,536,000 bytes, a 16-bpp one 768,000.  A window is double or triple
 * buffered, each buffer its own allocation (page flipping between them);
 * window 0 (the UI) is set up at boot and lives until shutdown, but a
 * mode switch (depth or buffer count) frees its buffers and allocates
 * new ones.  Windows 1 and 2 are overlays (video, a UI layer) opened and
 * closed as applications need them.  No kind: b1, then b2.
 */
#include <stdint.h>

#include "gen_int.h"

#define FB_DEV		"s3c-fb"
#define FB_PIXELS	(480 * 800)

void
gen_fb_win_open(struct gen *g, struct gen_fb_win *w, unsigned win,
    unsigned bpp, unsigned buffers, const char *why)
{
	uint64_t size = (uint64_t)FB_PIXELS * bpp / 8;
	unsigned i;

	w->win = win;
	w->bpp = bpp;
	w->buffers = buffers;
	gen_comment(g, "%s: win%u %s: %u x %llu (%u bpp)", FB_DEV, win, why,
	    buffers, (unsigned long long)size, bpp);
	for (i = 0; i < buffers; i++)
		gen_set_alloc(g, &w->bufs, FB_DEV, NULL, size, 0);
}

void
gen_fb_win_close(struct gen *g, struct gen_fb_win *w)
{
	if (w->buffers == 0)
		return;
	gen_comment(g, "%s: win%u off", FB_DEV, w->win);
	gen_set_free(g, &w->bufs);
	w->buffers = 0;
}

static void
gen_fb_run(struct gen *g)
{
	struct gen_fb_win win[3] = { { .win = 0 } };
	unsigned r, bpp, n;

	gen_fb_win_open(g, &win[0], 0, 32, 3, "boot");
	while (!gen_exhausted(g)) {
		r = gen_below(g, 100);
		if (r < 30) {
			/* Mode switch: new depth or buffer count. */
			bpp = gen_chance(g, 70) ? 32 : 16;
			n = gen_between(g, 2, 3);
			gen_fb_win_close(g, &win[0]);
			gen_fb_win_open(g, &win[0], 0, bpp, n, "mode switch");
		} else if (r < 70) {
			if (win[1].buffers)
				gen_fb_win_close(g, &win[1]);
			else {
				/* Count before depth: C fixes no order for
				 * arguments, the shipped traces drew the
				 * count first. */
				n = gen_between(g, 2, 3);
				gen_fb_win_open(g, &win[1], 1,
				    gen_chance(g, 50) ? 32 : 16, n,
				    "video overlay");
			}
		} else {
			if (win[2].buffers)
				gen_fb_win_close(g, &win[2]);
			else
				gen_fb_win_open(g, &win[2], 2, 32, 2,
				    "UI overlay");
		}
	}
	gen_fb_win_close(g, &win[2]);
	gen_fb_win_close(g, &win[1]);
	gen_fb_win_close(g, &win[0]);
}

const struct gen_workload gen_fb_workload = {
	.name = "framebuffer",
	.summary = "s3c-fb double/triple-buffered 480x800 windows, mode "
	    "switches",
	.about =
"The display on s3c-fb: window 0 triple-buffered at 32 bpp from boot\n"
"(3 x 1536000); a mode switch (30%) frees its buffers and takes 2 or 3\n"
"new ones at 32 bpp (70%) or 16 bpp (768000); the video overlay, window\n"
"1, opens with 2-3 buffers at 32 or 16 bpp or closes (40%); a UI\n"
"overlay, window 2, opens with 2 x 1536000 or closes (30%).  Window 0\n"
"is freed last.  No kind: b1, then b2.",
	.on_goni =
"Nothing fails with the defaults: b1 peaks at 11.7 MiB (8 buffers).",
	.default_events = 200,
	.seeded = 1,
	.run = gen_fb_run,
};
