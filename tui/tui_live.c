/*
 * Live mode: the viewer on a mounted workbench.
 *
 * Everything comes from plain-text files at the top of the mount, read
 * with ordinary read(2) calls (a FUSE file's size is not known before it
 * is read), so a directory holding the same files works just as well,
 * which is how the tests drive it:
 *
 *	board		the board, in board-file format
 *	param		the cma= in effect, one line (may be empty)
 *	map		the cma_map= in effect, one line
 *	chunks		a '#' header, then one live chunk per line:
 *			START SIZE DEVICE KIND REGION LINKS SEQ PATH
 *			(START hex with 0x, SIZE decimal bytes, KIND '-' for
 *			none, SEQ the operation number at allocation)
 *	generation	a number that moves on every allocation, free,
 *			failure and map change
 *	failures	optional: a count of failed requests
 *
 * The viewer polls `generation` only; the other files are read again
 * when it moves (and read twice if it moved while they were being read),
 * so an idle mount costs one small read per poll and no redraw.  The
 * layout is rebuilt with cma_create on the board, param and map (placement
 * is deterministic), and only when one of them changed; the chunks are
 * laid onto it by region name and address.  The timeline gets one sample
 * per change seen: bytes used and the largest free extent, as the meters
 * compute them from the chunk list.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cma/cma.h"
#include "tui_live.h"

#define TUI_LIVE_SAMPLES 4096

struct tui_live {
	char		  dir[4096];
	struct cma_board  board;
	char		 *board_text, *param, *map;
	struct tui_region regions[CMA_MAX_REGIONS];
	int		  nregions;
	struct tui_names  names;
	struct tui_chunk *chunks;
	size_t		  nchunks, capchunks;
	struct tui_sample samples[TUI_LIVE_SAMPLES];
	size_t		  nsamples;
	uint64_t	  gen, failures, reloads;
	int		  loaded, failing;
	char		  title[4200], position[96], status[4400];
};

/* The whole of DIR/name, NUL-terminated, in a new buffer; NULL + errno. */
static char *
tui_live_read(const struct tui_live *l, const char *name)
{
	char path[4200];
	size_t len = 0, cap = 4096;
	char *buf;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", l->dir, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if ((buf = malloc(cap)) == NULL)
		abort();
	for (;;) {
		if (cap - len < 2) {
			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (n < 0) {
		int e = errno;

		free(buf);
		errno = e;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static void
tui_live_chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static int
tui_live_number(const struct tui_live *l, const char *name, uint64_t *v)
{
	char *s = tui_live_read(l, name), *end;

	if (s == NULL)
		return -errno;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (end == s || errno != 0 || (*end != '\0' && *end != '\n')) {
		free(s);
		return -EINVAL;
	}
	free(s);
	return 0;
}

static int
tui_live_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* board, param, map: rebuild the layout if any changed. */
static int
tui_live_layout(struct tui_live *l, struct cma_err *err)
{
	char *bt = tui_live_read(l, "board"), *pt = tui_live_read(l, "param");
	char *mt = tui_live_read(l, "map");
	char origin[4200];
	struct cma *cma;
	int ret = 0;

	if (bt == NULL || pt == NULL || mt == NULL) {
		cma_err_set(err, "%s/%s: %s", l->dir, bt == NULL ? "board" :
		    pt == NULL ? "param" : "map", strerror(errno));
		ret = -EIO;
		goto out;
	}
	tui_live_chomp(pt);
	tui_live_chomp(mt);
	if (tui_live_same(bt, l->board_text) && tui_live_same(pt, l->param) &&
	    tui_live_same(mt, l->map))
		goto out;
	snprintf(origin, sizeof origin, "%s/board", l->dir);
	if ((ret = cma_board_parse(bt, origin, &l->board, err)) < 0)
		goto out;
	if ((ret = cma_create(&l->board, pt, mt, &cma, err)) < 0)
		goto out;
	l->nregions = tui_model_regions(cma, l->regions);
	cma_destroy(cma);
	free(l->board_text);
	free(l->param);
	free(l->map);
	l->board_text = bt;
	l->param = pt;
	l->map = mt;
	bt = pt = mt = NULL;
out:
	free(bt);
	free(pt);
	free(mt);
	return ret;
}

static int
tui_live_chunk_cmp(const void *a, const void *b)
{
	const struct tui_chunk *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int
tui_live_chunks(struct tui_live *l, struct cma_err *err)
{
	char *text = tui_live_read(l, "chunks"), *line, *next;
	unsigned lineno = 0;

	if (text == NULL) {
		cma_err_set(err, "%s/chunks: %s", l->dir, strerror(errno));
		return -EIO;
	}
	l->nchunks = 0;
	for (line = text; line && *line; line = next) {
		char start[32], dev[256], kind[256], region[64];
		unsigned long long size, links, seq;
		struct tui_chunk *c;
		char *end;
		int k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line += strspn(line, " \t");
		if (*line == '#' || *line == '\0')
			continue;
		if (sscanf(line, "%31s %llu %255s %255s %63s %llu %llu", start,
		    &size, dev, kind, region, &links, &seq) != 7) {
			cma_err_set(err, "%s/chunks:%u: expected START SIZE "
			    "DEVICE KIND REGION LINKS SEQ PATH", l->dir,
			    lineno);
			free(text);
			return -EINVAL;
		}
		if (l->nchunks == l->capchunks) {
			l->capchunks = l->capchunks ? 2 * l->capchunks : 256;
			l->chunks = realloc(l->chunks, l->capchunks *
			    sizeof *l->chunks);
			if (l->chunks == NULL)
				abort();
		}
		c = &l->chunks[l->nchunks];
		c->start = strtoull(start, &end, 16);
		if (*end != '\0') {
			cma_err_set(err, "%s/chunks:%u: bad START '%s'",
			    l->dir, lineno, start);
			free(text);
			return -EINVAL;
		}
		c->requested = size;
		c->size = (size + CMA_PAGE_SIZE - 1) &
		    ~(uint64_t)(CMA_PAGE_SIZE - 1);
		c->born = seq;
		c->dev = tui_names_intern(&l->names, dev);
		c->kind = strcmp(kind, "-") == 0 ? TUI_NONE :
		    tui_names_intern(&l->names, kind);
		c->region = -1;
		for (k = 0; k < l->nregions; k++)
			if (strcmp(l->regions[k].name, region) == 0)
				c->region = k;
		l->nchunks++;
	}
	free(text);
	if (l->nchunks > 0)
		qsort(l->chunks, l->nchunks, sizeof *l->chunks,
		    tui_live_chunk_cmp);
	return 0;
}

static void
tui_live_sample(struct tui_live *l, int fail)
{
	struct tui_model m;
	struct tui_sample *s;
	struct cma_metrics mt;
	int r;

	if (l->nsamples == TUI_LIVE_SAMPLES) {
		memmove(l->samples, l->samples + TUI_LIVE_SAMPLES / 2,
		    TUI_LIVE_SAMPLES / 2 * sizeof *l->samples);
		l->nsamples = TUI_LIVE_SAMPLES / 2;
	}
	tui_live_model(l, &m);
	s = &l->samples[l->nsamples++];
	memset(s, 0, sizeof *s);
	s->fail = fail;
	for (r = 0; r < l->nregions; r++) {
		if (tui_meter_region(&m, r, CMA_PAGE_SIZE, &mt) < 0)
			continue;
		s->used += mt.used;
		if (mt.largest_free > s->largest)
			s->largest = mt.largest_free;
	}
}

/* Read everything; 0 or <0 with err set. */
static int
tui_live_reload(struct tui_live *l, uint64_t gen, struct cma_err *err)
{
	uint64_t failures = 0;
	size_t before = l->nchunks;
	int ret, fail;

	if ((ret = tui_live_layout(l, err)) < 0)
		return ret;
	if ((ret = tui_live_chunks(l, err)) < 0)
		return ret;
	fail = tui_live_number(l, "failures", &failures) == 0 &&
	    failures > l->failures;
	if (fail || failures > l->failures)
		l->failures = failures;
	l->reloads++;
	tui_live_sample(l, l->loaded && fail);
	snprintf(l->status, sizeof l->status, "generation %" PRIu64 ": %zu "
	    "chunks live (%+ld)", gen, l->nchunks, l->loaded ?
	    (long)l->nchunks - (long)before : 0L);
	l->loaded = 1;
	return 0;
}

int
tui_live_open(const char *dir, struct tui_live **out, struct cma_err *err)
{
	struct tui_live *l = calloc(1, sizeof *l);
	uint64_t gen, again;
	int ret;

	if (l == NULL)
		abort();
	snprintf(l->dir, sizeof l->dir, "%s", dir);
	tui_names_init(&l->names);
	if ((ret = tui_live_number(l, "generation", &gen)) < 0) {
		cma_err_set(err, "%s: not a mounted workbench (generation: %s)",
		    dir, strerror(-ret));
		tui_live_close(l);
		return -ENOENT;
	}
	if ((ret = tui_live_reload(l, gen, err)) < 0) {
		tui_live_close(l);
		return ret;
	}
	l->gen = gen;
	if (tui_live_number(l, "generation", &again) == 0 && again != gen)
		l->gen = gen - 1;	/* moved while reading: read again */
	*out = l;
	return 0;
}

void
tui_live_close(struct tui_live *l)
{
	if (l == NULL)
		return;
	free(l->board_text);
	free(l->param);
	free(l->map);
	free(l->chunks);
	tui_names_free(&l->names);
	free(l);
}

int
tui_live_poll(struct tui_live *l)
{
	struct cma_err err = { "" };
	uint64_t gen, again;
	int ret;

	if ((ret = tui_live_number(l, "generation", &gen)) < 0) {
		if (l->failing)
			return ret;
		l->failing = 1;
		snprintf(l->status, sizeof l->status, "%s/generation: %s",
		    l->dir, strerror(-ret));
		return 1;
	}
	if (gen == l->gen && !l->failing)
		return 0;
	if ((ret = tui_live_reload(l, gen, &err)) < 0) {
		if (l->failing)
			return ret;
		l->failing = 1;
		snprintf(l->status, sizeof l->status, "%s", err.msg);
		return 1;
	}
	l->failing = 0;
	l->gen = gen;
	if (tui_live_number(l, "generation", &again) == 0 && again != gen)
		l->gen = gen - 1;
	return 1;
}

uint64_t
tui_live_reloads(const struct tui_live *l)
{
	return l->reloads;
}

void
tui_live_model(struct tui_live *l, struct tui_model *m)
{
	memset(m, 0, sizeof *m);
	snprintf(l->title, sizeof l->title, "live %s  board %s", l->dir,
	    l->board.name);
	snprintf(l->position, sizeof l->position, "generation %" PRIu64
	    "  chunks %zu", l->gen, l->nchunks);
	m->board = &l->board;
	m->nregions = l->nregions;
	m->regions = l->regions;
	m->chunks = l->chunks;
	m->nchunks = l->nchunks;
	m->names = (const char *const *)l->names.v;
	m->nnames = l->names.n;
	m->samples = l->samples;
	m->nsamples = l->nsamples;
	m->cursor = (long)l->nsamples - 1;
	m->now = l->gen;
	m->age_unit = "generations";
	m->title = l->title;
	m->position = l->position;
	m->status = l->status;
}
