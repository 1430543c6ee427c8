/*
 * readers.h - the readers, which dispatch.c (and only it) calls: each is
 * given an open source and what the command line says of it (source.h),
 * and reports its rows to a sink (sink.h).
 *
 * read_lane.c: delimited text, record by record or through the fast
 * lane; read_parallel.c: a large regular file of it, in pieces, by
 * threads; read_json.c: JSON and NDJSON.  A reader calls the sink,
 * delimited.c and read_csv.c, never dispatch.c or a writer.
 */
#ifndef LINREG_READERS_H
#define LINREG_READERS_H

#include <stddef.h>
#include <stdint.h>

#include "delimited.h"
#include "read_csv.h"
#include "sink.h"
#include "source.h"

/*
 * read_lane.c, the reader of delimited text.  The first record's
 * columns resolved (delimited_header): name them in the sink, the
 * header's names, else the defaults.
 */
int delimited_sink_names(struct sink *s, const struct input_opts *o,
    const struct column *cols);

/*
 * Delimited text from r (the source called name): the first record,
 * a header or the first row, then every other record as a data row.
 */
int read_delimited(csv_reader *r, const char *name,
    const struct input_opts *o, struct sink *s);

/*
 * The records of r as data rows, with the caller's v (room for ncols
 * values); with stop_at_quote, stops after reading the first record
 * with a quoted field (without taking it).  *got: csv_next's last result (-1: the
 * reader's error, for csv_failure).
 */
int delimited_stream(csv_reader *r, const char *name, struct sink *s,
    const struct column *cols, int ncols, double *v, int stop_at_quote,
    int *got);

/*
 * read_parallel.c: read the regular file fd (size bytes, delimited text)
 * in o->threads pieces at once, each into its own fit, then merge them
 * into s.  Sets *done to 0, with nothing changed but the names, when
 * the file is not fit for it (a quoted field could span pieces): the
 * caller then reads it from the start.
 */
int read_parallel(int fd, const char *name, int delim, uint64_t size,
    const struct input_opts *o, struct sink *s, int *done);

/* Files smaller than this are read by one thread. */
#define PARALLEL_MIN_BYTES (1 << 20)

/* read_json.c: JSON (fmt FMT_JSON) or NDJSON (FMT_NDJSON, or FMT_AUTO to
 * decide from the content) from fd, after `prefix` bytes already read. */
int read_json(int fd, const char *name, const char *prefix, size_t nprefix,
    enum input_format fmt, const struct input_opts *o, struct sink *s);

#endif
