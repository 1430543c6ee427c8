/*
 * fuzz_json.c - JSON and NDJSON input (cli/read_json.c) through its real
 * entry point read_json(), into a real sink and fit (cli/sink.c,
 * core/).
 *
 * The input bytes are the file.  read_json.c is built for this target
 * with read() redirected to an in-memory stream (-Dread=fuzz_read), so
 * the same bytes can also arrive in short reads.  Each input is read:
 *   A  as linreg reads it by default (-x/-y defaults: key "x" / element
 *      1, key "y" / element 2; format decided from the content), all of
 *      it as the prefix and the stream empty;
 *   B  the same, with only the first size%3 bytes as the prefix and the
 *      rest in reads of a few bytes (by size: 1, 2, 3, 5, 8, 64, 999 or
 *      all; inputs of 4 KiB or more get at least 64): the outcome must
 *      equal A's (status, rows read and skipped, the predictions, the
 *      names, the solved fit), abort() otherwise;
 *   C  when the first byte is odd: as NDJSON (--input-format ndjson);
 *   D  as -x 1,3 -y 2 --weights 4 --skip-invalid, streamed as in B;
 *   E  as --input-format json -x a,b -y c --weights w --skip-invalid.
 * Everything a run allocated is freed after it, as main() does, so
 * LeakSanitizer sees any leak of the reader.  When bit 3 of the size is
 * set, every run has a --max-record of 8 + a quarter of the size, so
 * that limit is reached too, and A and B must agree about it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "readers.h"
#include "sink.h"

struct outcome {
	int status;
	uint64_t rows_read, rows_skipped, count;
	size_t npred;
	uint64_t digest;
	lr_status solved;
};

struct config {
	int nx, weighted, skip;
	struct colspec col[4];
};

/*
 * As main() sets the columns up for: no options; -x 1,3 -y 2
 * --weights 4 --skip-invalid; -x a,b -y c --weights w --skip-invalid.
 */
static const struct config plain = { 1, 0, 0, {
	{ NULL, 0, "x", 1 }, { NULL, 0, "y", 2 } } };
static const struct config indices = { 2, 1, 1, {
	{ "1", 1, "x", 1 }, { "3", 3, NULL, 0 }, { "2", 2, "y", 2 },
	{ "4", 4, NULL, 0 } } };
static const struct config names = { 2, 1, 1, {
	{ "a", 0, "x", 1 }, { "b", 0, NULL, 0 }, { "c", 0, "y", 2 },
	{ "w", 0, NULL, 0 } } };

static struct outcome run(const struct config *cf, enum input_format fmt,
    const uint8_t *data, size_t size, size_t nprefix, size_t chunk)
{
	struct input_opts o;
	struct sink s;
	struct outcome out;
	lr_result *res = NULL;
	int i;

	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	memset(&out, 0, sizeof out);
	o.format = fmt;
	o.header = -1;
	o.nx = cf->nx;
	o.weighted = cf->weighted;
	o.ncols = cf->nx + 1 + cf->weighted;
	o.col = (struct colspec *)cf->col;
	o.skip_invalid = cf->skip;
	o.threads = 1;
	o.max_record = size & 8 ? 8 + size / 4 : 0; /* 0: the default */
	s.nx = o.nx;
	s.ncols = o.ncols;
	s.weighted = o.weighted;
	s.skip_invalid = o.skip_invalid;
	s.spec.nx = o.nx;
	s.spec.degree = 0;
	s.spec.flags = 0;
	if (lr_fit_new(&s.spec, &s.fit) != LR_OK)
		fuzz_fail("json: lr_fit_new failed");

	fuzz_stream_set(data + nprefix, size - nprefix, chunk, 0);
	out.status = read_json(FUZZ_FD, "fuzz.json", (const char *)data,
	    nprefix, fmt, &o, &s);
	if (!out.status)
		out.status = sink_flush(&s);
	out.rows_read = s.rows_read;
	out.rows_skipped = s.rows_skipped;
	out.count = lr_fit_count(s.fit);
	out.npred = s.pred.n;
	out.digest = FUZZ_FNV_INIT;
	if (s.pred.x)
		out.digest = fuzz_hash(out.digest, s.pred.x,
		    s.pred.n * (size_t)s.nx * sizeof *s.pred.x);
	if (s.name)
		for (i = 0; i < s.ncols; i++)
			out.digest = fuzz_hash(out.digest, s.name[i],
			    strlen(s.name[i]) + 1);
	if (s.first_skip)
		out.digest = fuzz_hash(out.digest, s.first_skip,
		    strlen(s.first_skip));
	if (out.rows_skipped > out.rows_read ||
	    out.count != out.rows_read - out.rows_skipped)
		if (!out.status)
			fuzz_fail("json: %llu rows read, %llu skipped, %llu in "
			    "the fit", (unsigned long long)out.rows_read,
			    (unsigned long long)out.rows_skipped,
			    (unsigned long long)out.count);
	if (!out.status) {
		out.solved = lr_solve(s.fit, 0.95, &res);
		if (out.solved == LR_OK) {
			const lr_stats *st = lr_result_stats(res);
			for (i = 0; i < st->ncoef; i++)
				out.digest = fuzz_hash(out.digest,
				    &lr_result_coef(res, i)->estimate,
				    sizeof(double));
			out.digest = fuzz_hash(out.digest, &st->sse,
			    sizeof st->sse);
		}
		lr_result_free(res);
	}

	/* What main() frees. */
	sink_free(&s);
	return out;
}

static void compare(const char *what, struct outcome a, struct outcome b)
{
	if (a.status != b.status || a.rows_read != b.rows_read ||
	    a.rows_skipped != b.rows_skipped || a.count != b.count ||
	    a.npred != b.npred || a.digest != b.digest ||
	    a.solved != b.solved)
		fuzz_fail("json: %s: status %d, %llu rows (%llu skipped), "
		    "%zu predictions, digest %016llx; read whole: status %d, "
		    "%llu rows (%llu skipped), %zu predictions, digest %016llx",
		    what, b.status, (unsigned long long)b.rows_read,
		    (unsigned long long)b.rows_skipped, b.npred,
		    (unsigned long long)b.digest, a.status,
		    (unsigned long long)a.rows_read,
		    (unsigned long long)a.rows_skipped, a.npred,
		    (unsigned long long)a.digest);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[8] = { 1, 2, 3, 5, 8, 64, 999,
	    (size_t)-1 };
	size_t chunk = chunks[size % 8], np = size % 3;
	struct outcome a, b;

	fuzz_quiet_stderr();
	if (np > size)
		np = size;
	if (size >= 4096 && chunk < 64)
		chunk = 64;

	a = run(&plain, FMT_AUTO, data, size, size, 1);
	b = run(&plain, FMT_AUTO, data, size, np, chunk);
	compare("read in pieces", a, b);
	if (size > 0 && (data[0] & 1))
		(void)run(&plain, FMT_NDJSON, data, size, size, 1);
	(void)run(&indices, FMT_AUTO, data, size, np, chunk);
	(void)run(&names, FMT_JSON, data, size, size, 1);
	return 0;
}
