/*
 * A small JSON writer for the --json outputs.
 *
 * Output is streamed: each call writes its value at once, with the comma
 * and the key it needs, so nothing is buffered and a long listing costs no
 * memory.  The writer only tracks, per open container, whether it is an
 * object (members need a key) and whether anything was written in it yet.
 * Numbers are integers as they are stored (sizes and addresses in bytes);
 * a measured ratio that has no value (no samples, a zero divisor) is null.
 */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "cli.h"

void
cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

void
cli_json_init(struct cli_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
}

/* The separator and the key in front of a value. */
static void
json_member(struct cli_json *j, const char *key)
{
	int d = j->depth - 1;

	if (d < 0)
		return;
	if (j->used[d])
		fputc(',', j->f);
	j->used[d] = 1;
	if (j->object[d]) {
		cli_json_string(j->f, key ? key : "");
		fputc(':', j->f);
	}
}

static void
json_open(struct cli_json *j, const char *key, int object)
{
	json_member(j, key);
	fputc(object ? '{' : '[', j->f);
	assert(j->depth < CLI_JSON_DEPTH);
	j->object[j->depth] = object;
	j->used[j->depth] = 0;
	j->depth++;
}

void
cli_json_object(struct cli_json *j, const char *key)
{
	json_open(j, key, 1);
}

void
cli_json_array(struct cli_json *j, const char *key)
{
	json_open(j, key, 0);
}

void
cli_json_end(struct cli_json *j)
{
	if (j->depth == 0)
		return;
	j->depth--;
	fputc(j->object[j->depth] ? '}' : ']', j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void
cli_json_str(struct cli_json *j, const char *key, const char *s)
{
	json_member(j, key);
	if (s == NULL)
		fputs("null", j->f);
	else
		cli_json_string(j->f, s);
}

void
cli_json_u64(struct cli_json *j, const char *key, uint64_t v)
{
	json_member(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void
cli_json_i64(struct cli_json *j, const char *key, int64_t v)
{
	json_member(j, key);
	fprintf(j->f, "%" PRId64, v);
}

void
cli_json_double(struct cli_json *j, const char *key, double v)
{
	json_member(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.6f", v);
	else
		fputs("null", j->f);
}

void
cli_json_bool(struct cli_json *j, const char *key, int v)
{
	json_member(j, key);
	fputs(v ? "true" : "false", j->f);
}

void
cli_json_null(struct cli_json *j, const char *key)
{
	json_member(j, key);
	fputs("null", j->f);
}
