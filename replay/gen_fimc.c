/*
 * The FIMC camera interfaces (s5p-fimc.0/1/2) and the camera-preview
 * workload.
 *
 * A FIMC capture queue is a ring of whole frames, asked for by REQBUFS
 * when streaming starts and freed all at once when it stops: at least
 * FIMC_PHYBUFS (4, the hardware's ping-pong output addresses), at most
 * FIMC_CAPBUFS (16).  Frames are plain page-aligned buffers; the device
 * has no kind, so the goni map sends it to b1, then b2.  Preview
 * formats (allocator-anchors §6.3): 720x480 YUV420 518,400 B, 800x480
 * NV21 576,000 B, 640x480 NV12 460,800 B.
 */
#include <stdint.h>

#include "gen_int.h"

#define FIMC_PHYBUFS	4
#define FIMC_CAPBUFS	16

const struct gen_fimc_format gen_fimc_720x480_yuv420 = {
	"720x480 YUV420", 720 * 480 * 3 / 2 };
const struct gen_fimc_format gen_fimc_800x480_nv21 = {
	"800x480 NV21", 800 * 480 * 3 / 2 };
const struct gen_fimc_format gen_fimc_640x480_nv12 = {
	"640x480 NV12", 640 * 480 * 3 / 2 };

const struct gen_fimc_format *
gen_fimc_preview_format(struct gen *g)
{
	switch (gen_below(g, 5)) {
	case 0:
	case 1:
		return &gen_fimc_720x480_yuv420;
	case 2:
	case 3:
		return &gen_fimc_800x480_nv21;
	default:
		return &gen_fimc_640x480_nv12;
	}
}

void
gen_fimc_start(struct gen *g, struct gen_fimc *f,
    const struct gen_fimc_format *fmt, unsigned frames, const char *why)
{
	unsigned i;

	if (frames < FIMC_PHYBUFS)
		frames = FIMC_PHYBUFS;
	if (frames > FIMC_CAPBUFS)
		frames = FIMC_CAPBUFS;
	f->running = 1;
	f->fmt = fmt;
	gen_comment(g, "%s: %s start, %u x %llu (%s)", f->dev, why, frames,
	    (unsigned long long)fmt->size, fmt->name);
	for (i = 0; i < frames; i++)
		gen_set_alloc(g, &f->ring, f->dev, NULL, fmt->size, 0);
}

void
gen_fimc_stop(struct gen *g, struct gen_fimc *f)
{
	if (!f->running)
		return;
	gen_comment(g, "%s: stop", f->dev);
	gen_set_free(g, &f->ring);
	f->running = 0;
}

/*
 * The camera application: preview on FIMC0 started and stopped, its ring
 * size and format chosen per start; now and then a recording ring on FIMC1
 * (camcorder) runs beside it, so the two rings' lifetimes interleave.
 */
static void
gen_fimc_run(struct gen *g)
{
	struct gen_fimc pv = { .dev = "s5p-fimc.0" };
	struct gen_fimc rec = { .dev = "s5p-fimc.1" };
	unsigned r, frames;

	/*
	 * The ring size is drawn before the format or kind: C evaluates
	 * arguments in no fixed order, and the shipped traces were made
	 * drawing the size first.
	 */
	while (!gen_exhausted(g)) {
		if (!pv.running) {
			frames = gen_between(g, FIMC_PHYBUFS, FIMC_CAPBUFS);
			gen_fimc_start(g, &pv, gen_fimc_preview_format(g),
			    frames, "preview");
			continue;
		}
		r = gen_below(g, 100);
		if (r < 35) {
			gen_fimc_stop(g, &rec);
			gen_fimc_stop(g, &pv);
		} else if (r < 60) {
			/* A new preview size: stop, start again. */
			gen_fimc_stop(g, &pv);
			frames = gen_between(g, FIMC_PHYBUFS, FIMC_CAPBUFS);
			gen_fimc_start(g, &pv, gen_fimc_preview_format(g),
			    frames, "preview");
		} else if (rec.running)
			gen_fimc_stop(g, &rec);
		else {
			frames = gen_between(g, FIMC_PHYBUFS, 8);
			gen_fimc_start(g, &rec, gen_chance(g, 50) ?
			    &gen_fimc_720x480_yuv420 : &gen_fimc_640x480_nv12,
			    frames, "recording");
		}
	}
	gen_fimc_stop(g, &rec);
	gen_fimc_stop(g, &pv);
}

const struct gen_workload gen_fimc_workload = {
	.name = "camera-preview",
	.summary = "FIMC camera preview rings of 4-16 frames, started and "
	    "stopped",
	.about =
"The camera application's preview on s5p-fimc.0: a ring of 4-16 frames\n"
"(720x480 YUV420 518400 B, 800x480 NV21 576000 B or 640x480 NV12\n"
"460800 B) asked for at stream-on and freed all at once at stream-off.\n"
"Each step stops the preview (35%), restarts it with a new format and\n"
"ring size (25%), or starts or stops a camcorder ring of 4-8 frames on\n"
"s5p-fimc.1 (40%), so the two rings' lifetimes interleave.  No kinds:\n"
"both devices go to b1, then b2.",
	.on_goni =
"Nothing fails with the defaults: the two rings together peak at\n"
"9.6 MiB in b1 and b2 stays empty.",
	.default_events = 400,
	.seeded = 1,
	.run = gen_fimc_run,
};
