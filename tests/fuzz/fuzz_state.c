/*
 * fuzz_state.c - the partial-fit reader of `linreg merge` (cli/state.c,
 * read_states()), into a real sink, as cli/merge.c's cmd_merge() calls
 * it; then the writer (write_state()) and the core's solver on what it
 * read.
 *
 * The input bytes are the file: states as `linreg --format state`
 * writes them (format: the top of cli/state.c, and linreg(1), PARTIAL
 * FITS), one after another.  read_states() takes a path, so the bytes
 * go to temporary files, /tmp/fuzz_state.PID.N (written anew and
 * removed for each input, as fuzz_cli does).  Each input is merged:
 *   A  from one file, as `linreg merge FILE`.  After a success: the
 *      state must not still own group names (main() would leak them);
 *      the rows in the merged fit plus those in the groups must equal
 *      the rows read less the rows skipped, and each group's fit must
 *      hold its rows; lr_solve() runs on the merged fit and on each
 *      group's fit: LR_OK must give n equal to the rows in the fit, the
 *      model's number of coefficients, and finite estimates;
 *      LR_ESINGULAR is followed by lr_fit_collinear(), which must give
 *      -2 .. k-1.  Then the round trip: the merged result written with
 *      write_state() (as `linreg merge --format state` does) must read
 *      back (status 0) to the same thing: column names, group names and
 *      values, row counts, and every number of every fit, bit for bit;
 *   B  when the input holds more than one state: cut before each line
 *      that starts with "linreg-state" (up to 8 pieces), as
 *      `linreg merge F1 F2 ...` of the pieces, which must give what A
 *      gave: the same exit status and, after a success, the same
 *      result bit for bit;
 *   C  with the core's allocator (lr_set_allocator) failing once: at
 *      allocation 1 + (hash of the input) mod the number of core
 *      allocations that A's reading made.  The exit status must be
 *      EX_OSERR (71), and nothing may leak or be freed twice.
 * The format's check line (a hash of the state's lines) would stop
 * nearly every mutated input at the checksum, so seven inputs in eight
 * (by the input's hash) are first restamped: every "check" line of 16
 * hexadecimal digits gets the hash of the lines before it, as the
 * writer computes it, and the reader's checks behind it are fuzzed; the
 * eighth keeps its bytes, for the checksum's own path.
 * Everything a run allocated is freed after it exactly as main() does
 * (state_free() of the state when the merge failed, or else the sink
 * adopts its fit and names; then what main() frees at its `end:`), so
 * LeakSanitizer sees any leak of the reader.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fuzz_common.h"
#include "linreg.h"
#include "sink.h"
#include "state.h"

#define MAXFILES 8
#define RT_FILE MAXFILES	/* paths[RT_FILE]: the round trip's state */

static char paths[MAXFILES + 1][64];

/* The core's allocator: counts, and fails allocation number fail_at. */
static int counting;
static unsigned long nalloc, fail_at;

static void *fuzz_core_alloc(size_t n)
{
	if (counting && ++nalloc == fail_at)
		return NULL;
	return malloc(n);
}

static void fuzz_core_free(void *p)
{
	free(p);
}

/* What a merge gave. */
struct outcome {
	int status;
	unsigned long allocs;	/* the core's allocations while reading */
	uint64_t rows_read, rows_skipped;
	size_t ngroups;
	uint64_t digest;	/* names, counts, every fit's numbers */
};

static void write_all(int fd, const void *p, size_t n)
{
	const char *b = p;

	while (n > 0) {
		ssize_t k = write(fd, b, n);
		if (k <= 0)
			fuzz_fail("state: cannot write a data file");
		b += k;
		n -= (size_t)k;
	}
}

static void make_file(const char *path, const uint8_t *data, size_t size)
{
	int fd;

	/* A new file each time: truncating one makes ext4 flush it on close. */
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		fuzz_fail("state: cannot create %s", path);
	write_all(fd, data, size);
	close(fd);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	return fuzz_hash(h, s, strlen(s) + 1);
}

/* Every number of a fit's state, as lr_fit_export gives them. */
static uint64_t hash_fit(uint64_t h, const lr_fit *f)
{
	lr_fit_state st;

	lr_fit_export(f, &st);
	h = fuzz_hash_u64(h, (uint64_t)st.spec.nx);
	h = fuzz_hash_u64(h, (uint64_t)st.spec.degree);
	h = fuzz_hash_u64(h, st.spec.flags);
	h = fuzz_hash_u64(h, st.n);
	h = fuzz_hash(h, st.sumlogw, sizeof st.sumlogw);
	h = fuzz_hash_u64(h, (uint64_t)(int64_t)st.wscale);
	h = fuzz_hash(h, &st.wmin, sizeof st.wmin);
	h = fuzz_hash(h, &st.wmax, sizeof st.wmax);
	h = fuzz_hash_u64(h, (uint64_t)st.nv);
	h = fuzz_hash(h, st.shift, (size_t)st.nv * sizeof *st.shift);
	h = fuzz_hash(h, st.scale, (size_t)st.nv * sizeof *st.scale);
	h = fuzz_hash_u64(h, (uint64_t)st.ncol);
	return fuzz_hash(h, st.r, (size_t)st.ncol * st.ncol * 2 *
	    sizeof *st.r);
}

/* The sink after cmd_merge(): everything in it, as one number. */
static uint64_t hash_sink(const struct sink *s)
{
	uint64_t h = FUZZ_FNV_INIT;
	size_t k;
	int i;

	h = fuzz_hash_u64(h, (uint64_t)s->nx);
	h = fuzz_hash_u64(h, (uint64_t)s->weighted);
	h = fuzz_hash_u64(h, (uint64_t)s->ncols);
	for (i = 0; i < s->ncols; i++)
		h = hash_str(h, s->name[i]);
	h = fuzz_hash_u64(h, s->rows_read);
	h = fuzz_hash_u64(h, s->rows_skipped);
	h = hash_fit(h, s->fit);
	h = fuzz_hash_u64(h, (uint64_t)s->groups.ncols);
	for (i = 0; i < s->groups.ncols && s->groups.names; i++)
		h = hash_str(h, s->groups.names[i]);
	h = fuzz_hash_u64(h, s->groups.n);
	for (k = 0; k < s->groups.n; k++) {
		for (i = 0; i < s->groups.ncols; i++)
			h = hash_str(h, s->groups.group[k].val[i]);
		h = fuzz_hash_u64(h, s->groups.group[k].rows);
		h = hash_fit(h, s->groups.group[k].fit);
	}
	return h;
}

/* Solve one fit as main() would, and check what the core says. */
static void solve(const lr_spec *spec, const lr_fit *f, const char *what)
{
	lr_result *res = NULL;
	lr_status st = lr_solve(f, 0.95, &res);
	int k = spec->degree >= 2 ? spec->degree : spec->nx;
	int ncoef = k + !(spec->flags & LR_NO_INTERCEPT), j, t;

	if (st == LR_OK) {
		const lr_stats *ss = lr_result_stats(res);
		if (ss->n != lr_fit_count(f) || ss->ncoef != ncoef)
			fuzz_fail("state: %s: solved with n %llu and %d "
			    "coefficients; the fit has %llu rows and %d terms",
			    what, (unsigned long long)ss->n, ss->ncoef,
			    (unsigned long long)lr_fit_count(f), ncoef);
		for (j = 0; j < ncoef; j++)
			if (!isfinite(lr_result_coef(res, j)->estimate))
				fuzz_fail("state: %s: LR_OK with coefficient "
				    "%d = %g", what, j,
				    lr_result_coef(res, j)->estimate);
	} else if (st == LR_ESINGULAR) {
		t = lr_fit_collinear(f);
		if (t < -2 || t >= k)
			fuzz_fail("state: %s: lr_fit_collinear gave %d of %d "
			    "terms", what, t, k);
	} else if (st != LR_ETOOFEW && st != LR_ERANGE && st != LR_ENOMEM) {
		fuzz_fail("state: %s: lr_solve: %s", what, lr_strerror(st));
	}
	lr_result_free(res);
}

static struct outcome merge(const char *const *files, int nfiles, int check);

/* Write what s holds as `linreg merge --format state` does; read it back. */
static void round_trip(const struct sink *s, const struct outcome *a)
{
	const char *rt = paths[RT_FILE];
	struct outcome b;
	FILE *f;

	unlink(rt);
	f = fopen(rt, "w");
	if (!f)
		fuzz_fail("state: cannot create %s", rt);
	write_state(f, s->fit, s);
	if (fclose(f))
		fuzz_fail("state: cannot write %s", rt);
	b = merge(&rt, 1, 0);
	if (b.status != EX_OK || b.rows_read != a->rows_read ||
	    b.rows_skipped != a->rows_skipped || b.ngroups != a->ngroups ||
	    b.digest != a->digest)
		fuzz_fail("state: written and read back (FUZZ_VERBOSE=1 keeps "
		    "%s): status %d, %llu rows read, %llu skipped, %zu groups,"
		    " digest %016llx; before: %llu, %llu, %zu groups, digest "
		    "%016llx", rt, b.status, (unsigned long long)b.rows_read,
		    (unsigned long long)b.rows_skipped, b.ngroups,
		    (unsigned long long)b.digest,
		    (unsigned long long)a->rows_read,
		    (unsigned long long)a->rows_skipped, a->ngroups,
		    (unsigned long long)a->digest);
	if (!getenv("FUZZ_VERBOSE"))
		unlink(rt);
}

/*
 * cmd_merge() of cli/merge.c on the files, up to where it hands the
 * sink on; with check, the checks of run A (above).  Frees everything.
 */
static struct outcome merge(const char *const *files, int nfiles, int check)
{
	struct state acc;
	struct sink s;
	struct outcome out;
	int have = 0, status = EX_OK, i;
	unsigned long before = nalloc;

	memset(&acc, 0, sizeof acc);
	memset(&s, 0, sizeof s);
	memset(&out, 0, sizeof out);
	counting = 1;
	for (i = 0; i < nfiles && !status; i++)
		status = read_states(files[i], &acc, &have, &s, 0);
	counting = 0;
	out.allocs = nalloc - before;
	if (!status && !have)
		status = EX_DATAERR;	/* "merge: no partial fit" */
	out.status = status;
	if (status) {
		state_free(&acc);
		sink_free(&s);
		return out;
	}
	if (acc.ngroup || acc.gname || acc.gval)
		fuzz_fail("state: the merged state still has %d group "
		    "columns (main() never frees them)", acc.ngroup);
	/* As cmd_merge() sets the sink up. */
	s.nx = acc.spec.nx;
	s.weighted = acc.weighted;
	s.ncols = acc.ncols;
	s.spec = acc.spec;
	s.fit = acc.fit;
	s.name = acc.name;
	s.rows_read = acc.rows_read;
	s.rows_skipped = acc.rows_skipped;
	out.rows_read = s.rows_read;
	out.rows_skipped = s.rows_skipped;
	out.ngroups = s.groups.n;
	out.digest = hash_sink(&s);

	if (check) {
		uint64_t in_fits = lr_fit_count(s.fit);
		size_t k;
		char what[64];
		for (k = 0; k < s.groups.n; k++) {
			const struct group *gr = &s.groups.group[k];
			if (lr_fit_count(gr->fit) != gr->rows)
				fuzz_fail("state: group %zu: %llu rows, %llu in "
				    "its fit", k,
				    (unsigned long long)gr->rows,
				    (unsigned long long)lr_fit_count(gr->fit));
			in_fits += gr->rows;
		}
		if (in_fits != s.rows_read - s.rows_skipped)
			fuzz_fail("state: %llu rows read, %llu skipped, but "
			    "%llu in the fits", (unsigned long long)s.rows_read,
			    (unsigned long long)s.rows_skipped,
			    (unsigned long long)in_fits);
		solve(&s.spec, s.fit, "the merged fit");
		for (k = 0; k < s.groups.n; k++) {
			snprintf(what, sizeof what, "group %zu", k);
			solve(&s.spec, s.groups.group[k].fit, what);
		}
		round_trip(&s, &out);
	}
	sink_free(&s);
	return out;
}

static void compare(const char *what, struct outcome a, struct outcome b)
{
	if (a.status != b.status || a.rows_read != b.rows_read ||
	    a.rows_skipped != b.rows_skipped || a.ngroups != b.ngroups ||
	    a.digest != b.digest)
		fuzz_fail("state: %s: status %d, %llu rows read, %llu "
		    "skipped, %zu groups, digest %016llx; from one file: "
		    "status %d, %llu, %llu, %zu groups, digest %016llx", what,
		    b.status, (unsigned long long)b.rows_read,
		    (unsigned long long)b.rows_skipped, b.ngroups,
		    (unsigned long long)b.digest, a.status,
		    (unsigned long long)a.rows_read,
		    (unsigned long long)a.rows_skipped, a.ngroups,
		    (unsigned long long)a.digest);
}

/*
 * Put the right hash in every "check" line of 16 hexadecimal digits of
 * buf: FNV-1a 64 of each line before it (from the last line that starts
 * with "linreg-state"), the line's bytes up to a NUL or the end (one
 * '\r' before the '\n' and trailing blanks dropped), then a newline:
 * what cli/state.c reads.
 */
static void restamp(uint8_t *buf, size_t size)
{
	static const char hexd[] = "0123456789abcdef";
	uint64_t h = 0;
	int on = 0;
	size_t i = 0, k, end, len;

	while (i < size) {
		for (end = i; end < size && buf[end] != '\n'; end++)
			;
		len = end - i;
		if (len > 0 && buf[end - 1] == '\r')
			len--;
		for (k = 0; k < len && buf[i + k]; k++)
			;
		if (k < len)
			len = k; /* the reader's line ends at a NUL */
		while (len > 0 && buf[i + len - 1] == ' ')
			len--;
		if (len >= 12 && !memcmp(buf + i, "linreg-state", 12)) {
			h = FUZZ_FNV_INIT;
			on = 1;
		}
		if (on && len == 22 && !memcmp(buf + i, "check ", 6)) {
			for (k = 0; k < 16; k++)
				buf[i + 6 + k] = (uint8_t)hexd[(h >> (60 - 4 *
				    k)) & 15];
		} else if (on) {
			for (k = 0; k < len; k++) {
				h ^= buf[i + k];
				h *= UINT64_C(0x100000001b3);
			}
			h ^= '\n';
			h *= UINT64_C(0x100000001b3);
		}
		i = end + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "linreg-state";
	const char *files[MAXFILES];
	size_t cut[MAXFILES + 1], p;
	struct outcome a, b;
	unsigned long made, at;
	uint8_t *copy;
	int i, n = 1;

	fuzz_quiet_stderr();
	if (!paths[0][0]) {
		for (i = 0; i <= MAXFILES; i++)
			snprintf(paths[i], sizeof paths[i],
			    "/tmp/fuzz_state.%ld.%d", (long)getpid(), i);
		lr_set_allocator(fuzz_core_alloc, fuzz_core_free);
	}
	for (i = 0; i < MAXFILES; i++)
		files[i] = paths[i];

	/* Restamp the check lines (7 inputs in 8), on a copy. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (fuzz_hash(FUZZ_FNV_INIT, data, size) % 8)
		restamp(copy, size);
	data = copy;

	/* A: one file. */
	make_file(paths[0], data, size);
	fail_at = 0;
	a = merge(files, 1, 1);
	made = a.allocs;

	/* B: a file per state. */
	cut[0] = 0;
	for (p = 1; p + sizeof head - 1 <= size && n < MAXFILES; p++)
		if (data[p - 1] == '\n' &&
		    !memcmp(data + p, head, sizeof head - 1))
			cut[n++] = p;
	cut[n] = size;
	if (n > 1) {
		for (i = 0; i < n; i++)
			make_file(paths[i], data + cut[i], cut[i + 1] - cut[i]);
		b = merge(files, n, 0);
		compare("read as a file per state", a, b);
	}

	/* C: one failed allocation in the core. */
	if (made > 0) {
		make_file(paths[0], data, size);
		at = 1 + fuzz_hash(FUZZ_FNV_INIT, data, size) % made;
		nalloc = 0;
		fail_at = at;
		b = merge(files, 1, 0);
		fail_at = 0;
		if (b.status != EX_OSERR)
			fuzz_fail("state: core allocation %lu of %lu failed, "
			    "but the merge gave status %d", at, made, b.status);
	}

	for (i = 0; i < n; i++)
		unlink(paths[i]);
	free(copy);
	return 0;
}
