/*
 * fuzz_csv.c - the streaming CSV/TSV/whitespace reader (cli/read_csv.c).
 *
 * Input: one control byte, then the data.
 *   bits 0-1  delimiter: ',' ';' '\t' or CSV_WHITESPACE
 *   bits 2-4  bytes per read() in the streamed runs: 1 2 3 5 8 64 999 all
 *   bit  5    streamed reads fail with EINTR every third call
 *   bits 6-7  how much of the data the streamed run is handed as the
 *             csv_open_prefix() prefix: none (csv_open), 1 byte, half,
 *             all but the last byte
 *
 * read_csv.c is built for this target with a 32-byte starting buffer
 * (-DCSV_BUFSIZE=32) and with read()/pread() redirected to an in-memory
 * stream (-Dread=fuzz_read -Dpread=fuzz_pread), so every refill path
 * (moving the unfinished record to the front, doubling the buffer,
 * a BOM or a quote split across reads) runs deterministically.
 *
 * The data is read four ways:
 *   A  csv_open_prefix() with all of it as the prefix, the stream empty;
 *   B  streamed in short reads after a prefix (control bits above);
 *   C  csv_open_range() over [0, size) with short preads;
 *   D  csv_open_range() from the first line start at or after size/2.
 * A, B and C must give the same records, line numbers, byte counts and
 * final status (abort() otherwise: the reader's output must not depend
 * on how its input arrives).  Every field byte is read (so ASan checks
 * the bounds) and must be followed by the NUL the header promises; line
 * numbers must increase.  D is checked for memory safety only.
 *
 * An input of odd length is read with a record limit (csv_set_max_record)
 * of 8 + a quarter of its length, so that "a line longer than" is reached
 * too, and must not depend on the reads either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "read_csv.h"

struct outcome {
	uint64_t digest;
	uint64_t records;
	int status;
};

/* Read every record of r, checking what the header promises. */
static struct outcome drain(csv_reader *r)
{
	struct outcome o;
	csv_record rec;
	uint64_t prev_end = 0, sum = 0;
	const char *err;
	size_t i, k;

	o.digest = FUZZ_FNV_INIT;
	o.records = 0;
	while ((o.status = csv_next(r, &rec)) == 1) {
		o.records++;
		if (rec.line <= prev_end || rec.end_line < rec.line)
			fuzz_fail("csv: record %llu: lines %llu..%llu after "
			    "line %llu", (unsigned long long)o.records,
			    (unsigned long long)rec.line,
			    (unsigned long long)rec.end_line,
			    (unsigned long long)prev_end);
		prev_end = rec.end_line;
		o.digest = fuzz_hash_u64(o.digest, rec.nfields);
		o.digest = fuzz_hash_u64(o.digest, rec.line);
		o.digest = fuzz_hash_u64(o.digest, rec.end_line);
		o.digest = fuzz_hash_u64(o.digest, csv_bytes(r));
		o.digest = fuzz_hash_u64(o.digest, (uint64_t)csv_saw_quote(r));
		for (i = 0; i < rec.nfields; i++) {
			const char *f = rec.field[i];
			for (k = 0; k < rec.len[i]; k++)
				sum += (unsigned char)f[k];
			if (f[rec.len[i]] != '\0')
				fuzz_fail("csv: record %llu field %zu (%zu bytes) "
				    "is not NUL-terminated",
				    (unsigned long long)o.records, i, rec.len[i]);
			o.digest = fuzz_hash_u64(o.digest, rec.len[i]);
			o.digest = fuzz_hash(o.digest, f, rec.len[i]);
		}
	}
	if (o.status != 0 && o.status != -1)
		fuzz_fail("csv: csv_next returned %d", o.status);
	if (csv_next(r, &rec) != o.status)
		fuzz_fail("csv: the end (%d) is not sticky", o.status);
	err = csv_error(r);
	if ((o.status < 0) != (err != NULL))
		fuzz_fail("csv: status %d with error %s", o.status,
		    err ? err : "(none)");
	o.digest = fuzz_hash_u64(o.digest, (uint64_t)o.status);
	if (err) {
		o.digest = fuzz_hash(o.digest, err, strlen(err));
		o.digest = fuzz_hash_u64(o.digest, csv_error_line(r));
		o.digest = fuzz_hash_u64(o.digest, (uint64_t)csv_errno(r));
	} else {
		/* After an error the consumed counts depend on the reads. */
		o.digest = fuzz_hash_u64(o.digest, csv_lines(r));
		o.digest = fuzz_hash_u64(o.digest, csv_bytes(r));
	}
	o.digest = fuzz_hash_u64(o.digest, (uint64_t)csv_saw_quote(r));
	/* Keep the field sum alive so the reads are not optimised away. */
	if (sum == UINT64_MAX)
		fuzz_fail("csv: impossible sum");
	return o;
}

static const size_t chunks[8] = { 1, 2, 3, 5, 8, 64, 999, (size_t)-1 };

static void compare(const char *what, struct outcome a, struct outcome b)
{
	if (a.digest != b.digest || a.status != b.status ||
	    a.records != b.records)
		fuzz_fail("csv: %s differs from reading it whole: %llu records, "
		    "status %d (whole: %llu records, status %d)", what,
		    (unsigned long long)b.records, b.status,
		    (unsigned long long)a.records, a.status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[4] = { ',', ';', '\t', CSV_WHITESPACE };
	struct outcome a, b, c;
	csv_reader *r;
	unsigned ctl;
	int delim, eintr;
	size_t chunk, np, mid;
	uint64_t max;

	if (size < 1)
		return 0;
	ctl = data[0];
	data++;
	size--;
	delim = delims[ctl & 3];
	chunk = chunks[(ctl >> 2) & 7];
	eintr = (ctl >> 5) & 1;
	switch (ctl >> 6) {
	case 0: np = 0; break;
	case 1: np = size ? 1 : 0; break;
	case 2: np = size / 2; break;
	default: np = size ? size - 1 : 0; break;
	}
	max = size & 1 ? 8 + size / 4 : 0; /* 0: the default */

	/* A: all of it as the prefix of an empty stream. */
	fuzz_stream_set(data, 0, 1, 0);
	r = csv_open_prefix(FUZZ_FD, delim, (const char *)data, size);
	if (!r)
		return 0;
	csv_set_max_record(r, max);
	a = drain(r);
	csv_close(r);

	/* B: a prefix, then short reads. */
	fuzz_stream_set(data + np, size - np, chunk, eintr);
	r = np ? csv_open_prefix(FUZZ_FD, delim, (const char *)data, np) :
	    csv_open(FUZZ_FD, delim);
	if (!r)
		return 0;
	csv_set_max_record(r, max);
	b = drain(r);
	csv_close(r);
	compare("reading it in pieces", a, b);

	/* C: a byte range that is the whole input, with short preads. */
	fuzz_stream_set(data, size, chunk, eintr);
	r = csv_open_range(FUZZ_FD, delim, 0, size);
	if (!r)
		return 0;
	csv_set_max_record(r, max);
	c = drain(r);
	csv_close(r);
	compare("reading it as a range", a, c);

	/* D: the second half, from a line start, as read_parallel does. */
	for (mid = size / 2; mid > 0 && mid < size && data[mid - 1] != '\n';
	    mid++)
		;
	if (mid < size) {
		fuzz_stream_set(data, size, chunk, eintr);
		r = csv_open_range(FUZZ_FD, delim, mid, size);
		if (!r)
			return 0;
		csv_set_max_record(r, max);
		(void)drain(r);
		csv_close(r);
	}
	return 0;
}
