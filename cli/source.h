/*
 * source.h - what a reader is given: the reading part of the command
 * line (format, delimiter, header, the columns), with a sink (sink.h)
 * to report rows to.  Types only, so that every reader, the sink and
 * the options can include it without including each other; the entry
 * that reads a source is dispatch.h's.
 */
#ifndef LINREG_SOURCE_H
#define LINREG_SOURCE_H

#include <stddef.h>
#include <stdint.h>

enum input_format { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSON, FMT_NDJSON };

/*
 * A column chosen with -x, -y or --weights: a header name / JSON key, or
 * a 1-based index.
 */
struct colspec {
	const char *name;   /* as given; NULL for the default */
	long index;         /* 1-based when the spec is all digits, else 0 */
	const char *deflt;  /* default key for JSON objects ("x" / "y") */
	long defindex;      /* default index (1 / 2) */
};

/*
 * The columns of a row, in order: the nx predictors, y, then the weight
 * when there is one.  Readers fill one value per column.
 */
struct input_opts {
	enum input_format format; /* FMT_AUTO: from the extension, else sniffed */
	int delim;                /* 0: the format's default; a byte; CSV_WHITESPACE */
	int header;               /* -1: detect, 0: none, 1: first row is a header */
	int decimal_comma;        /* --decimal-comma: "1,5" in delimited cells */
	int nx;                   /* predictor columns */
	int ncols;                /* nx + 1, + 1 with weights */
	int weighted;             /* the last column is a weight */
	struct colspec *col;      /* ncols */
	int skip_invalid;
	int threads;              /* -j: threads for large regular files */
	int ngroup;               /* -g: group columns, read as text */
	struct colspec *gcol;     /* ngroup */
	uint64_t max_record;      /* --max-record: longest line or JSON value, bytes (0: the default) */
	const char *na;           /* --na: missing-value tokens, comma-separated
	                             (NULL: "NA" and the empty cell) */
};

/*
 * A cell as a reader found it, for rows that are not all numbers: text
 * of a delimited file (CELL_TEXT), a JSON number's or string's text, a
 * JSON null, or a field the row does not have.
 */
enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_STRING, CELL_NULL, CELL_ABSENT };

struct cell {
	const char *p;
	size_t len;
	enum cell_kind kind;
	double num;         /* CELL_NUMBER: its value */
};

#endif
