/*
 * The S5PC110 JPEG codec (s5p-jpeg) and the jpeg-capture workload.
 *
 * Buffers follow the vendor jpeg_v2 driver (allocator-anchors §6.3), here
 * asked for per capture instead of carved out at boot: for a WxH picture
 * a stream (output) buffer of W*H bytes, a frame (input) buffer of W*H*3,
 * a 320x240 thumbnail's stream (76,800) and frame (230,400) buffers, and
 * for showing a photo an 800x480 RGB buffer (1,536,000).  Each is sized
 * the driver's way, (bytes / PAGE_SIZE + 1) pages (gen_jpeg_size): the
 * largest, 3072x2048, takes 6,295,552 + 18,878,464 bytes.
 *
 * A capture allocates frame, thumbnail frame, stream and thumbnail stream,
 * encodes, and frees the two frames; the streams stay until the file is
 * written, which in a burst happens while the next shot is taken: a shot's
 * streams are freed after the next shot's are allocated.
 */
#include <stdint.h>

#include "gen_int.h"

#define JPEG_DEV	"s5p-jpeg"
#define JPEG_THUMB_W	320
#define JPEG_THUMB_H	240

static const struct gen_jpeg_res gen_jpeg_res[] = {
	{ "3072x2048 (6 MP, the codec's maximum)", 3072, 2048 },
	{ "2560x1920 (5 MP)", 2560, 1920 },
	{ "2048x1536 (3 MP)", 2048, 1536 },
	{ "1600x1200 (2 MP)", 1600, 1200 },
	{ "640x480 (VGA)", 640, 480 },
};

uint64_t
gen_jpeg_size(uint64_t bytes)
{
	return (bytes / GEN_PAGE + 1) * GEN_PAGE;
}

const struct gen_jpeg_res *
gen_jpeg_pick(struct gen *g)
{
	/* Full resolution most of the time, as phones default to it. */
	unsigned r = gen_below(g, 10);

	return &gen_jpeg_res[r < 4 ? 0 : r < 6 ? 1 : r < 8 ? 2 : r < 9 ? 3 :
	    4];
}

void
gen_jpeg_capture(struct gen *g, struct gen_jpeg *j)
{
	uint64_t px = (uint64_t)j->res->width * j->res->height;
	uint64_t tpx = JPEG_THUMB_W * JPEG_THUMB_H;
	struct gen_set in = { .n = 0 }, out = { .n = 0 };

	gen_comment(g, "%s: capture %u, %s", JPEG_DEV, ++j->shots,
	    j->res->name);
	gen_set_alloc(g, &in, JPEG_DEV, NULL, gen_jpeg_size(px * 3), 0);
	gen_set_alloc(g, &in, JPEG_DEV, NULL, gen_jpeg_size(tpx * 3), 0);
	gen_set_alloc(g, &out, JPEG_DEV, NULL, gen_jpeg_size(px), 0);
	gen_set_alloc(g, &out, JPEG_DEV, NULL, gen_jpeg_size(tpx), 0);
	gen_set_free(g, &in);
	/* The previous shot is written out by now. */
	gen_set_free(g, &j->out);
	j->out = out;
}

void
gen_jpeg_flush(struct gen *g, struct gen_jpeg *j)
{
	gen_set_free(g, &j->out);
	j->shots = 0;
}

/* Decode a photo for the screen: its stream and an 800x480 RGB frame. */
void
gen_jpeg_view(struct gen *g, const struct gen_jpeg_res *r)
{
	struct gen_set s = { .n = 0 };

	gen_comment(g, "%s: decode %s for display", JPEG_DEV, r->name);
	gen_set_alloc(g, &s, JPEG_DEV, NULL,
	    gen_jpeg_size((uint64_t)r->width * r->height), 0);
	gen_set_alloc(g, &s, JPEG_DEV, NULL, gen_jpeg_size(800 * 480 * 4), 0);
	gen_set_free(g, &s);
}

static void
gen_jpeg_run(struct gen *g)
{
	struct gen_jpeg j = { .res = NULL };
	unsigned n;

	while (!gen_exhausted(g)) {
		j.res = gen_jpeg_pick(g);
		n = gen_chance(g, 40) ? gen_between(g, 2, 8) : 1;
		gen_comment(g, "%s: burst of %u", JPEG_DEV, n);
		while (n-- > 0 && !gen_exhausted(g))
			gen_jpeg_capture(g, &j);
		gen_jpeg_flush(g, &j);
		if (gen_chance(g, 50))
			gen_jpeg_view(g, j.res);
	}
	gen_jpeg_flush(g, &j);
}

const struct gen_workload gen_jpeg_workload = {
	.name = "jpeg-capture",
	.summary = "S5PC110 JPEG encoder: bursts of still captures",
	.about =
"Still captures on s5p-jpeg, in bursts of 1 (60%) or 2-8 (40%) shots at\n"
"3072x2048 (40%), 2560x1920, 2048x1536 (20% each), 1600x1200 or 640x480\n"
"(10% each).  A shot allocates its frame (W*H*3) and thumbnail frame\n"
"(230400), stream (W*H) and thumbnail stream (76800), every size\n"
"rounded the jpeg_v2 way to (bytes / 4096 + 1) pages: 3072x2048 takes\n"
"18878464 + 6295552.  The frames go after encoding, the streams after\n"
"the next shot (written out meanwhile).  Half the bursts end with the\n"
"photo decoded for display (its stream and an 800x480 RGB 1540096).\n"
"No kind: the device goes to b1, then b2.",
	.on_goni =
"Nothing fails with the defaults, but b1 peaks at 30.4 of 32 MiB (a\n"
"3072x2048 burst holds two streams and a frame): with anything else in\n"
"b1 the 18 MiB frame buffer goes to b2, which cannot hold it (see day).",
	.default_events = 300,
	.seeded = 1,
	.run = gen_jpeg_run,
};
