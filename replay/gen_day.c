/*
 * The "day in the life" workload: every simulated device at once, driven
 * by applications that come and go on a seeded schedule.
 *
 * Boot loads the MFC firmware and sets up framebuffer window 0; both live
 * all day.  Then, step after step, one of five actors is picked at random
 * (weights below) and moves its own small state machine one step:
 *
 *	video	  (30) a player: clips of 1080p (25%), 720p (35%) or WVGA
 *		  (40%), 3-10 segments with occasional resolution changes,
 *		  often gapless into the next clip; the video overlay
 *		  (window 1) is up while it plays
 *	camera	  (25) preview ring on FIMC0, capture bursts through the
 *		  JPEG codec, a camcorder ring on FIMC1; leaving the app
 *		  frees all of it at once
 *	gallery	  (20) photos decoded for display, thumbnails scaled by
 *		  FIMC2 into a cache of small buffers (evicted oldest
 *		  first), short video previews on a third MFC instance;
 *		  leaving frees the cache at once
 *	display	  (5)  window 0 mode switches, the UI overlay (window 2)
 *	system	  (1)  a crash: the media server (every MFC instance torn
 *		  down at once) or the camera service (FIMC and JPEG)
 *
 * Idle actors often stay idle, so the mix drifts: long stretches of video,
 * a camera session in the middle of one, a burst of gallery browsing.
 * All bursty teardowns free device by device, the pattern that hurts
 * first fit and next fit the most (allocator-anchors §3.3).
 */
#include <stdint.h>
#include <string.h>

#include "gen_int.h"

#define DAY_CACHE_MAX	48

struct gen_day {
	int			 fw;
	struct gen_mfc_inst	 mfc[3];	/* 0, 1: player; 2: gallery */
	struct gen_fimc		 fimc[3];
	struct gen_jpeg		 jpeg;
	struct gen_fb_win	 fb[3];

	int			 video;		/* playing */
	struct gen_mfc_inst	*clip;
	unsigned		 segments;
	const struct gen_mfc_stream *main, *alt;	/* of the clip */

	int			 camera;	/* app in front */
	int			 gallery;
	struct gen_set		 cache;		/* FIMC2 thumbnails */
};

static const struct gen_mfc_stream *
gen_day_stream(struct gen *g, const struct gen_mfc_stream **alt)
{
	unsigned r = gen_below(g, 100);

	if (r < 25) {
		*alt = &gen_mfc_720p;
		return &gen_mfc_1080p;
	}
	if (r < 60) {
		*alt = &gen_mfc_wvga_l30;
		return &gen_mfc_720p;
	}
	*alt = &gen_mfc_ntsc;
	return gen_chance(g, 30) ? &gen_mfc_wvga_l31 : &gen_mfc_wvga_l30;
}

static void
gen_day_clip(struct gen *g, struct gen_day *d, struct gen_mfc_inst *in)
{
	d->main = gen_day_stream(g, &d->alt);
	gen_mfc_open(g, in, d->main, gen_between(g, 0, 5));
	d->clip = in;
	d->segments = gen_between(g, 3, 10);
}

static void
gen_day_video_stop(struct gen *g, struct gen_day *d)
{
	if (!d->video)
		return;
	gen_comment(g, "video: player closed");
	gen_mfc_close(g, &d->mfc[0]);
	gen_mfc_close(g, &d->mfc[1]);
	gen_fb_win_close(g, &d->fb[1]);
	d->video = 0;
	d->clip = NULL;
}

static void
gen_day_video(struct gen *g, struct gen_day *d)
{
	struct gen_mfc_inst *old;
	unsigned n;

	if (!d->video) {
		if (!gen_chance(g, 40))
			return;
		gen_comment(g, "video: player opened");
		d->video = 1;
		/* The buffer count is drawn before the depth (C fixes no
		 * order for arguments; the shipped traces draw it first). */
		n = gen_between(g, 2, 3);
		gen_fb_win_open(g, &d->fb[1], 1, gen_chance(g, 60) ? 32 : 16,
		    n, "video overlay");
		gen_day_clip(g, d, &d->mfc[0]);
		return;
	}
	if (d->segments > 0) {
		d->segments--;
		if (gen_chance(g, 15))
			gen_mfc_resize(g, d->clip, d->clip->stream == d->alt ?
			    d->main : d->alt);
		return;
	}
	old = d->clip;
	if (gen_chance(g, 60)) {
		/* Gapless: the next clip opens before this one closes. */
		gen_day_clip(g, d, old == &d->mfc[0] ? &d->mfc[1] : &d->mfc[0]);
		gen_mfc_close(g, old);
	} else
		gen_day_video_stop(g, d);
}

static void
gen_day_camera_stop(struct gen *g, struct gen_day *d, const char *why)
{
	if (!d->camera)
		return;
	gen_comment(g, "camera: %s: FIMC and JPEG buffers freed at once", why);
	gen_fimc_stop(g, &d->fimc[1]);
	gen_fimc_stop(g, &d->fimc[0]);
	gen_jpeg_flush(g, &d->jpeg);
	d->camera = 0;
}

static void
gen_day_camera(struct gen *g, struct gen_day *d)
{
	unsigned r, n, frames;

	if (!d->camera) {
		if (!gen_chance(g, 25))
			return;
		gen_comment(g, "camera: app opened");
		d->camera = 1;
		/* Ring size before format: see gen_day_video. */
		frames = gen_between(g, 4, 16);
		gen_fimc_start(g, &d->fimc[0], gen_fimc_preview_format(g),
		    frames, "preview");
		return;
	}
	r = gen_below(g, 100);
	if (r < 35) {
		d->jpeg.res = gen_jpeg_pick(g);
		n = gen_chance(g, 40) ? gen_between(g, 2, 8) : 1;
		while (n-- > 0 && !gen_exhausted(g))
			gen_jpeg_capture(g, &d->jpeg);
		gen_jpeg_flush(g, &d->jpeg);
	} else if (r < 50) {
		if (d->fimc[1].running)
			gen_fimc_stop(g, &d->fimc[1]);
		else {
			frames = gen_between(g, 4, 8);
			gen_fimc_start(g, &d->fimc[1], gen_chance(g, 50) ?
			    &gen_fimc_720x480_yuv420 : &gen_fimc_640x480_nv12,
			    frames, "recording");
		}
	} else if (r < 60) {
		gen_fimc_stop(g, &d->fimc[0]);
		frames = gen_between(g, 4, 16);
		gen_fimc_start(g, &d->fimc[0], gen_fimc_preview_format(g),
		    frames, "preview");
	} else if (r < 80)
		gen_day_camera_stop(g, d, "app closed");
}

/* Free the oldest `n` thumbnails of the FIMC2 cache. */
static void
gen_day_evict(struct gen *g, struct gen_day *d, unsigned n)
{
	unsigned i;

	if (n > d->cache.n)
		n = d->cache.n;
	for (i = 0; i < n; i++)
		gen_free(g, d->cache.num[i]);
	memmove(d->cache.num, d->cache.num + n,
	    (d->cache.n - n) * sizeof d->cache.num[0]);
	d->cache.n -= n;
}

static void
gen_day_gallery_stop(struct gen *g, struct gen_day *d)
{
	if (!d->gallery)
		return;
	gen_comment(g, "gallery: closed, thumbnail cache freed at once");
	gen_mfc_close(g, &d->mfc[2]);
	gen_set_free(g, &d->cache);
	d->gallery = 0;
}

static void
gen_day_gallery(struct gen *g, struct gen_day *d)
{
	static const uint64_t thumb[] = {
		160 * 120 * 4, 320 * 240 * 2, 400 * 240 * 4,
	};
	unsigned r, n;

	if (!d->gallery) {
		if (gen_chance(g, 30)) {
			gen_comment(g, "gallery: opened");
			d->gallery = 1;
		}
		return;
	}
	if (d->mfc[2].open) {
		gen_mfc_close(g, &d->mfc[2]);
		return;
	}
	r = gen_below(g, 100);
	if (r < 35)
		gen_jpeg_view(g, gen_jpeg_pick(g));
	else if (r < 70) {
		n = gen_between(g, 4, 12);
		if (d->cache.n + n > DAY_CACHE_MAX)
			gen_day_evict(g, d, d->cache.n + n - DAY_CACHE_MAX);
		gen_comment(g, "s5p-fimc.2: scale %u thumbnails", n);
		while (n-- > 0)
			gen_set_alloc(g, &d->cache, "s5p-fimc.2", NULL,
			    thumb[gen_below(g, 3)], 0);
	} else if (r < 80)
		gen_day_evict(g, d, gen_between(g, 4, 12));
	else if (r < 88)
		gen_mfc_open(g, &d->mfc[2], gen_chance(g, 70) ?
		    &gen_mfc_wvga_l30 : &gen_mfc_720p, 0);
	else
		gen_day_gallery_stop(g, d);
}

static void
gen_day_display(struct gen *g, struct gen_day *d)
{
	if (gen_chance(g, 50)) {
		gen_fb_win_close(g, &d->fb[0]);
		unsigned n = gen_between(g, 2, 3);	/* first: see above */

		gen_fb_win_open(g, &d->fb[0], 0, gen_chance(g, 70) ? 32 : 16,
		    n, "mode switch");
	} else if (d->fb[2].buffers)
		gen_fb_win_close(g, &d->fb[2]);
	else
		gen_fb_win_open(g, &d->fb[2], 2, 32, 2, "UI overlay");
}

static void
gen_day_crash(struct gen *g, struct gen_day *d)
{
	if (gen_chance(g, 50)) {
		if (!d->video && !d->mfc[2].open)
			return;
		gen_comment(g, "system: media server died: every MFC instance "
		    "torn down at once");
		gen_day_video_stop(g, d);
		gen_mfc_close(g, &d->mfc[2]);
	} else if (d->camera)
		gen_day_camera_stop(g, d, "camera service died");
}

static void
gen_day_run(struct gen *g)
{
	struct gen_day d;
	unsigned i, r;

	memset(&d, 0, sizeof d);
	for (i = 0; i < 3; i++)
		d.mfc[i].slot = i;
	d.fimc[0].dev = "s5p-fimc.0";
	d.fimc[1].dev = "s5p-fimc.1";
	d.fimc[2].dev = "s5p-fimc.2";
	gen_comment(g, "boot");
	d.fw = gen_mfc_firmware(g);
	gen_fb_win_open(g, &d.fb[0], 0, 32, 3, "boot");
	while (!gen_exhausted(g)) {
		r = gen_below(g, 81);
		if (r < 30)
			gen_day_video(g, &d);
		else if (r < 55)
			gen_day_camera(g, &d);
		else if (r < 75)
			gen_day_gallery(g, &d);
		else if (r < 80)
			gen_day_display(g, &d);
		else
			gen_day_crash(g, &d);
	}
	gen_comment(g, "shutdown");
	gen_day_video_stop(g, &d);
	gen_day_camera_stop(g, &d, "shutdown");
	gen_day_gallery_stop(g, &d);
	gen_fb_win_close(g, &d.fb[2]);
	gen_fb_win_close(g, &d.fb[0]);
	gen_free(g, d.fw);
}

const struct gen_workload gen_day_workload = {
	.name = "day",
	.summary = "a day in the life: video, camera, gallery and display "
	    "mixed",
	.about =
"Boot loads the MFC firmware and sets up framebuffer window 0; then one\n"
"actor at a time moves, picked at random (weights in parentheses):\n"
"  video (30): H.264 clips, 1080p 25% / 720p 35% / WVGA 40%, DPB +0-5\n"
"    extra, resolution changes, gapless next clips, window 1 overlay;\n"
"  camera (25): FIMC0 preview ring (4-16 frames), JPEG capture bursts,\n"
"    FIMC1 camcorder ring; closing frees FIMC and JPEG at once;\n"
"  gallery (20): photos decoded for display, FIMC2 thumbnails (76800,\n"
"    153600, 384000) cached up to 48 and evicted oldest first, short\n"
"    video previews on a third decoder; closing frees the cache at once;\n"
"  display (5): window 0 mode switches, the UI overlay (window 2);\n"
"  system (1): the media server dies (every MFC instance torn down at\n"
"    once) or the camera service does (FIMC and JPEG at once).\n"
"Buffer shapes as in mfc-*, camera-preview, jpeg-capture and\n"
"framebuffer.  --events sets the length; memory use does not grow.",
	.on_goni =
"Replayed by identity with the defaults, 482 of 10000 allocations\n"
"fail: 402 for capacity, 80 for fragmentation.  The JPEG frame buffer\n"
"(18878464 at 3072x2048) fails most, 166 times: b1 seldom has 18 MiB in\n"
"one piece beside the preview ring, port-A decoder buffers and the\n"
"framebuffers, and b2 is too small.  Port-B luma and MV buffers fail\n"
"when a 1080p or 720p clip with extras overlaps a gapless successor or\n"
"a preview, or when camera and JPEG buffers have spilled from b1 into\n"
"b2.  Fragmentation failures: JPEG streams and frames, MV buffers, a\n"
"few chroma planes in b1.",
	.default_events = 20000,
	.seeded = 1,
	.run = gen_day_run,
};
