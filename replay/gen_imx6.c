/*
 * The imx6-gst workload: a real allocation sequence, not a model.
 *
 * An i.MX6 GStreamer pipeline encoding 720x576 UYVY to H.264 on the VPU,
 * logged with CONFIG_CMA_DEBUG (Freescale/gstreamer-imx#30, 2015):
 *
 *	dma_alloc_from_contiguous(cma, count 4, align 2)
 *	... count 124 align 7, 385/8, 152/8, 203/8, 148/8, then 178/8 x 5
 *
 * count in 4 KiB pages, align an order of pages (2 = 16 KiB, 7 = 512 KiB,
 * 8 = 1 MiB).  When the pipeline exits everything but the order-7 block
 * is released; run again, the pipeline makes the same requests except
 * that one (the log's reporter saw no more "align 7").  The log names no
 * device, so every request here is made as "mxc_vpu" (on goni: b1, then
 * b2).  Exit frees in reverse order, as a pipeline is torn down from its
 * sink.  The sequence is fixed: the seed is not used; more events repeat
 * the pipeline, and the kept block is the last thing freed.
 */
#include <stdint.h>

#include "gen_int.h"

#define IMX6_DEV	"mxc_vpu"

static const struct {
	unsigned	count;
	unsigned	order;
} gen_imx6_seq[] = {
	{ 4, 2 }, { 124, 7 }, { 385, 8 }, { 152, 8 }, { 203, 8 }, { 148, 8 },
	{ 178, 8 }, { 178, 8 }, { 178, 8 }, { 178, 8 }, { 178, 8 },
};

#define IMX6_N	(sizeof gen_imx6_seq / sizeof gen_imx6_seq[0])

static void
gen_imx6_run(struct gen *g)
{
	int num[IMX6_N], kept = -1;
	unsigned i, run = 0;

	while (!gen_exhausted(g)) {
		gen_comment(g, "gst-launch-1.0 videotestsrc ! "
		    "imxipuvideotransform ! imxvpuenc_h264 (run %u)", ++run);
		for (i = 0; i < IMX6_N; i++) {
			num[i] = -1;
			if (gen_imx6_seq[i].order == 7 && run > 1)
				continue;	/* still held from run 1 */
			num[i] = gen_alloc(g, IMX6_DEV, NULL,
			    (uint64_t)gen_imx6_seq[i].count * GEN_PAGE,
			    (uint64_t)GEN_PAGE << gen_imx6_seq[i].order);
			if (gen_imx6_seq[i].order == 7)
				kept = num[i];
		}
		gen_comment(g, "pipeline exit: all but the order-7 block "
		    "freed");
		for (i = IMX6_N; i-- > 0;)
			if (gen_imx6_seq[i].order != 7)
				gen_free(g, num[i]);
	}
	gen_free(g, kept);
}

const struct gen_workload gen_imx6_workload = {
	.name = "imx6-gst",
	.summary = "a real i.MX6 GStreamer H.264 encode sequence "
	    "(gstreamer-imx#30)",
	.about =
"Logged with CONFIG_CMA_DEBUG on an i.MX6 (Freescale/gstreamer-imx#30):\n"
"a videotestsrc ! imxipuvideotransform ! imxvpuenc_h264 pipeline asks\n"
"for 4, 124, 385, 152, 203, 148 and 5 x 178 pages at alignment orders\n"
"2, 7 and 8 (16K, 512K, 1M) and frees all but the order-7 block at exit.\n"
"Repeated runs skip that block (it is still held).  The log names no\n"
"device; here all requests are \"mxc_vpu\".  A fixed sequence: no seed.",
	.on_goni =
"Nothing fails: the 11 buffers take 7.45 MiB of b1.",
	.default_events = 21,
	.seeded = 0,
	.run = gen_imx6_run,
};
