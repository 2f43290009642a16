/*
 * The MFC v5 video decoder (s5p-mfc5) as a generator sees it, and the
 * three decode workloads mfc-1080p, mfc-720p and mfc-wvga.
 *
 * Memory, per allocator-anchors §6.2 (s5p_mfc_opr_v5.c, s5p_mfc_common.h):
 *
 *	firmware	384 KiB, 128 KiB aligned, kind f (region fw)	once
 *	instance	context 600 KiB (H.264), descriptor 128 KiB,
 *			shared 4 KiB: kind a (port A, bank b1)	per open
 *	stream (CPB)	256 KiB, kind a					per open
 *	codec		bank-1 scratch ALIGN(32K + 16K, 8K), kind a;
 *			one motion-vector buffer per DPB frame, kind b
 *	frames		per DPB frame: luma on port B (kind b), chroma on
 *			port A (kind a); NV12MT sizes from gen.h
 *
 * Every port buffer is 8 KiB aligned (MFC_BANK{1,2}_ALIGN_ORDER 13).  The
 * mainline driver takes the motion vectors as one bank-2 block of DPB x mv;
 * here each frame has its own, allocated with the frame (the per-frame
 * accounting of §6.2).  Order follows the driver: open (instance
 * buffers), REQBUFS on OUTPUT (CPB), header parsed (scratch), REQBUFS on
 * CAPTURE (luma, chroma, mv per frame); close frees frames, CPB, scratch,
 * instance buffers.  A resolution change frees frames and scratch and
 * allocates them again for the new size.
 *
 * The DPB has the level's minimum (gen_mfc_dpb_min) plus the extra
 * buffers user space asked for (0-5, MFC_MAX_EXTRA_DPB), at most 32.
 */
#include <stdint.h>
#include <string.h>

#include "gen_int.h"

#define MFC_DEV		"s5p-mfc5"
#define MFC_FW_SIZE	GEN_K(384)
#define MFC_FW_ALIGN	GEN_K(128)
#define MFC_ALIGN	GEN_K(8)
#define MFC_CTX_H264	GEN_K(600)
#define MFC_DESC	GEN_K(128)
#define MFC_SHM		GEN_K(4)
#define MFC_CPB		GEN_K(256)
#define MFC_SCRATCH	gen_mfc_align(GEN_K(32) + GEN_K(16), MFC_ALIGN)
#define MFC_DPB_MAX	32
#define MFC_EXTRA_MAX	5

const struct gen_mfc_stream gen_mfc_1080p = { "1920x1080", 1920, 1080,
    "4.0", 32768 };
const struct gen_mfc_stream gen_mfc_720p = { "1280x720", 1280, 720,
    "3.1", 18000 };
const struct gen_mfc_stream gen_mfc_wvga_l30 = { "800x480", 800, 480,
    "3.0", 8100 };
const struct gen_mfc_stream gen_mfc_wvga_l31 = { "800x480", 800, 480,
    "3.1", 18000 };
const struct gen_mfc_stream gen_mfc_ntsc = { "720x480", 720, 480,
    "3.0", 8100 };

static uint64_t
gen_mfc_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

void
gen_mfc_frame_size(unsigned width, unsigned height, struct gen_mfc_frame *f)
{
	uint64_t bw = gen_mfc_align(width, 128);
	uint64_t bh = gen_mfc_align(height, 32);

	f->luma = gen_mfc_align(bw * bh, MFC_ALIGN);
	f->chroma = gen_mfc_align(bw * gen_mfc_align(height / 2, 32),
	    MFC_ALIGN);
	f->mv = gen_mfc_align(bw * gen_mfc_align(bh / 4, 32), MFC_ALIGN);
}

unsigned
gen_mfc_dpb_min(unsigned width, unsigned height, unsigned max_dpb_mbs)
{
	unsigned mbs = ((width + 15) / 16) * ((height + 15) / 16);
	unsigned n = mbs ? max_dpb_mbs / mbs : 16;

	if (n > 16)
		n = 16;
	return n ? n : 1;
}

int
gen_mfc_firmware(struct gen *g)
{
	gen_comment(g, "mfc: load firmware");
	return gen_alloc(g, MFC_DEV, "f", MFC_FW_SIZE, MFC_FW_ALIGN);
}

/* Header parsed: codec buffers, then the CAPTURE queue. */
static void
gen_mfc_dpb(struct gen *g, struct gen_mfc_inst *in)
{
	const struct gen_mfc_stream *s = in->stream;
	struct gen_mfc_frame f;
	unsigned i, min, n;

	gen_mfc_frame_size(s->width, s->height, &f);
	min = gen_mfc_dpb_min(s->width, s->height, s->max_dpb_mbs);
	n = min + in->extra;
	if (n > MFC_DPB_MAX)
		n = MFC_DPB_MAX;
	gen_comment(g, "mfc.%u: %s L%s, DPB %u+%u: luma %llu, mv %llu (b); "
	    "chroma %llu (a)", in->slot, s->name, s->level, min, n - min,
	    (unsigned long long)f.luma, (unsigned long long)f.mv,
	    (unsigned long long)f.chroma);
	gen_set_alloc(g, &in->codec, MFC_DEV, "a", MFC_SCRATCH, MFC_ALIGN);
	for (i = 0; i < n; i++) {
		gen_set_alloc(g, &in->frames, MFC_DEV, "b", f.luma, MFC_ALIGN);
		gen_set_alloc(g, &in->frames, MFC_DEV, "a", f.chroma,
		    MFC_ALIGN);
		gen_set_alloc(g, &in->frames, MFC_DEV, "b", f.mv, MFC_ALIGN);
	}
}

void
gen_mfc_open(struct gen *g, struct gen_mfc_inst *in,
    const struct gen_mfc_stream *s, unsigned extra)
{
	in->open = 1;
	in->stream = s;
	in->extra = extra > MFC_EXTRA_MAX ? MFC_EXTRA_MAX : extra;
	gen_comment(g, "mfc.%u: open H.264 decoder", in->slot);
	gen_set_alloc(g, &in->inst, MFC_DEV, "a", MFC_CTX_H264, MFC_ALIGN);
	gen_set_alloc(g, &in->inst, MFC_DEV, "a", MFC_DESC, MFC_ALIGN);
	gen_set_alloc(g, &in->inst, MFC_DEV, "a", MFC_SHM, MFC_ALIGN);
	gen_set_alloc(g, &in->cpb, MFC_DEV, "a", MFC_CPB, MFC_ALIGN);
	gen_mfc_dpb(g, in);
}

void
gen_mfc_resize(struct gen *g, struct gen_mfc_inst *in,
    const struct gen_mfc_stream *s)
{
	gen_comment(g, "mfc.%u: resolution change %s -> %s", in->slot,
	    in->stream->name, s->name);
	gen_set_free(g, &in->frames);
	gen_set_free(g, &in->codec);
	in->stream = s;
	gen_mfc_dpb(g, in);
}

void
gen_mfc_close(struct gen *g, struct gen_mfc_inst *in)
{
	if (!in->open)
		return;
	gen_comment(g, "mfc.%u: close", in->slot);
	gen_set_free(g, &in->frames);
	gen_set_free(g, &in->cpb);
	gen_set_free(g, &in->codec);
	gen_set_free(g, &in->inst);
	in->open = 0;
}

/*
 * A video player.  Each clip opens a decoder, plays a few segments and
 * closes; a segment may switch resolution (adaptive streaming) and often
 * starts a WVGA preview decode (the strip of "up next" tiles), which runs
 * for its own number of segments on another of the MFC's four contexts.
 * At the end of a clip the next one often opens before the old decoder
 * closes (gapless playback).  Lifetimes overlap in every direction, so
 * port B's 2 MiB luma and 544 KiB MV buffers keep landing among the
 * previews' smaller holes: this is what fragments b2 on goni.
 */
#define MFC_CONTEXTS	4	/* MFC_NUM_CONTEXTS: decoders at once */

struct gen_mfc_player {
	const struct gen_mfc_stream	*main, *alt, *side;
	struct gen_mfc_inst		 inst[MFC_CONTEXTS];
	unsigned			 left[MFC_CONTEXTS];	/* segments */
	struct gen_mfc_inst		*cur;		/* the clip playing */
	unsigned			 gapless;	/* percent */
	unsigned			 switches;	/* percent */
	unsigned			 sides;		/* percent */
	unsigned			 side_max;	/* segments */
};

static struct gen_mfc_inst *
gen_mfc_free_slot(struct gen_mfc_player *p)
{
	unsigned i;

	for (i = 0; i < MFC_CONTEXTS; i++)
		if (!p->inst[i].open)
			return &p->inst[i];
	return NULL;
}

static void
gen_mfc_clip(struct gen *g, struct gen_mfc_player *p, struct gen_mfc_inst *in)
{
	const struct gen_mfc_stream *s = p->main;

	/* WVGA content comes at level 3.0 or 3.1 (5 or 12 frames). */
	if (s == &gen_mfc_wvga_l30 && gen_chance(g, 30))
		s = &gen_mfc_wvga_l31;
	/* Streaming often starts low and switches up after a segment. */
	if (gen_chance(g, 30))
		s = p->alt;
	gen_mfc_open(g, in, s, gen_between(g, 0, MFC_EXTRA_MAX));
	p->cur = in;
	p->left[in->slot] = gen_between(g, 2, 6);
}

static void
gen_mfc_player_step(struct gen *g, struct gen_mfc_player *p)
{
	struct gen_mfc_inst *in, *old;
	unsigned i;

	/* Side decodes (previews, thumbnails) run their own course. */
	for (i = 0; i < MFC_CONTEXTS; i++) {
		in = &p->inst[i];
		if (in->open && in != p->cur && --p->left[i] == 0)
			gen_mfc_close(g, in);
	}
	if (p->cur == NULL) {
		gen_mfc_clip(g, p, gen_mfc_free_slot(p));
		return;
	}
	if (p->left[p->cur->slot] > 0) {
		p->left[p->cur->slot]--;
		if (gen_chance(g, p->switches))
			gen_mfc_resize(g, p->cur, p->cur->stream == p->alt ?
			    p->main : p->alt);
		if (gen_chance(g, p->sides) &&
		    (in = gen_mfc_free_slot(p)) != NULL) {
			gen_mfc_open(g, in, p->side, 0);
			p->left[in->slot] = gen_between(g, 1, p->side_max);
		}
		return;
	}
	old = p->cur;
	p->cur = NULL;
	if (gen_chance(g, p->gapless) && (in = gen_mfc_free_slot(p)))
		gen_mfc_clip(g, p, in);
	gen_mfc_close(g, old);
}

static void
gen_mfc_play(struct gen *g, const struct gen_mfc_stream *main,
    const struct gen_mfc_stream *alt, const struct gen_mfc_stream *side)
{
	struct gen_mfc_player p;
	unsigned i;
	int fw;

	memset(&p, 0, sizeof p);
	p.main = main;
	p.alt = alt;
	p.side = side;
	p.gapless = 40;
	p.switches = 15;
	p.sides = 70;
	p.side_max = 12;
	for (i = 0; i < MFC_CONTEXTS; i++)
		p.inst[i].slot = i;
	fw = gen_mfc_firmware(g);
	while (!gen_exhausted(g))
		gen_mfc_player_step(g, &p);
	for (i = 0; i < MFC_CONTEXTS; i++)
		gen_mfc_close(g, &p.inst[i]);
	gen_comment(g, "mfc: unload firmware");
	gen_free(g, fw);
}

static void
gen_mfc_run_1080p(struct gen *g)
{
	gen_mfc_play(g, &gen_mfc_1080p, &gen_mfc_720p, &gen_mfc_wvga_l30);
}

static void
gen_mfc_run_720p(struct gen *g)
{
	gen_mfc_play(g, &gen_mfc_720p, &gen_mfc_wvga_l30, &gen_mfc_wvga_l30);
}

static void
gen_mfc_run_wvga(struct gen *g)
{
	gen_mfc_play(g, &gen_mfc_wvga_l30, &gen_mfc_ntsc, &gen_mfc_wvga_l30);
}

#define GEN_MFC_ABOUT(main, alt)					\
	"A video player decoding H.264 clips of " main " on the MFC v5\n" \
	"(s5p-mfc5).  Firmware 384K/128K once (kind f).  Per decoder: a\n" \
	"600K context, 128K descriptor, 4K shared buffer, 256K stream\n" \
	"buffer and 48K scratch on port A (kind a); then per DPB frame the\n" \
	"luma plane and a motion-vector buffer on port B (kind b) and the\n" \
	"chroma plane on port A; all 8K aligned.  DPB = the level's\n"	\
	"minimum + 0-5 extra (seeded).  Clips play 2-6 segments, 30% start\n" \
	"at " alt " (streaming starts low); a segment switches resolution\n" \
	"(15%) and may start a WVGA preview decode (70%: 1-12 segments, at\n" \
	"most 4 decoders, MFC_NUM_CONTEXTS); 40% of clips open before the\n" \
	"previous one closes (gapless).  Closing frees everything of the\n" \
	"decoder, frames first.\n"

const struct gen_workload gen_mfc_1080p_workload = {
	.name = "mfc-1080p",
	.summary = "MFC v5 H.264 decode sessions, 1920x1080 (DPB 4 + 0-5 "
	    "extra)",
	.about = GEN_MFC_ABOUT("1920x1080 (level 4.0)", "1280x720")
	    "A 1080p frame: luma 2088960 + mv 557056 (b), chroma 1048576 (a).",
	.on_goni =
"Replayed by identity with the defaults, 56 of 500 allocations fail,\n"
"all on port B (b2, 16 MiB, which fills up): 48 for capacity (a 1080p\n"
"frame takes 2.52 MiB of b2, so 4 + 3 extra need 17.7 MiB; previews add\n"
"0.52 MiB a frame) and 8 for fragmentation (enough free bytes in b2 but\n"
"no hole for a 557056 MV buffer or a preview's luma or mv).  Port A\n"
"(b1) peaks at 15.3 MiB and never fails.",
	.default_events = 1000,
	.seeded = 1,
	.run = gen_mfc_run_1080p,
};

const struct gen_workload gen_mfc_720p_workload = {
	.name = "mfc-720p",
	.summary = "MFC v5 H.264 decode sessions, 1280x720 (DPB 5 + 0-5 "
	    "extra)",
	.about = GEN_MFC_ABOUT("1280x720 (level 3.1)", "800x480")
	    "A 720p frame: luma 942080 + mv 245760 (b), chroma 491520 (a).",
	.on_goni =
"Replayed by identity with the defaults, 14 of 500 allocations fail,\n"
"all on b2 (peak 15.95 of 16 MiB): 11 for capacity and 3 for\n"
"fragmentation (preview buffers, 434176 and 114688, with the free space\n"
"split into smaller holes).  b1 peaks at 11.6 MiB.",
	.default_events = 1000,
	.seeded = 1,
	.run = gen_mfc_run_720p,
};

const struct gen_workload gen_mfc_wvga_workload = {
	.name = "mfc-wvga",
	.summary = "MFC v5 H.264 decode sessions, 800x480 (DPB 5 or 12 + "
	    "0-5 extra)",
	.about = GEN_MFC_ABOUT("800x480 (level 3.0, or 3.1 for 30%)",
	    "720x480")
	    "A WVGA frame: luma 434176 + mv 114688 (b), chroma 229376 (a).",
	.on_goni =
"Nothing fails with the defaults: b2 peaks at 13.1 MiB and b1 at\n"
"9.5 MiB; even 12 + 5 WVGA frames fit beside the previews.",
	.default_events = 1000,
	.seeded = 1,
	.run = gen_mfc_run_wvga,
};
