/*
 * groups.h - the groups of -g (and of merged states): a table of groups,
 * each with its values and its own fit, and the index that finds a
 * group by its values.
 *
 * The table knows nothing of where rows come from (the sink, sink.h,
 * or merged states, state.c): it is given values and a model, and
 * hands back the group, made when new.  It is cut from the sink so that
 * it can be tested alone (tests/unit/test_groups.c) and grow (a model
 * language's categorical predictors will want the same lookups).
 *
 * The index maps byte-string keys to entry numbers.
 *
 * Group values come from the data, so an adversary chooses the keys: an
 * unkeyed hash lets them pick keys that all land on one slot and make
 * every lookup walk all the others (65,536 FNV-1a keys sharing the low
 * 24 bits of their hash took 32 s against 0.56 s).  The index hashes
 * with SipHash-1-3 under a key drawn at random once per process, so
 * that nobody can aim keys at a slot, and probes linearly in a table at
 * most half full: about two probes a lookup whatever the keys.  The
 * index only finds entries; the caller keeps them in first-seen order,
 * so output never depends on the key.
 */
#ifndef LINREG_GROUPS_H
#define LINREG_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "linreg.h"

struct gslot {
	size_t entry;            /* the caller's entry number; (size_t)-1: empty */
	uint64_t hash;           /* its key's hash, to grow without the keys */
};

struct gindex {
	struct gslot *slot;      /* cap slots, at most half in use */
	size_t cap;              /* 0 or a power of two */
	size_t n;                /* entries */
	uint64_t lookups;        /* gindex_find calls so far ... */
	uint64_t probes;         /* ... and slots they looked at (for tests) */
};

/*
 * Does entry i hold the key (key, n)?  The caller's comparison, given
 * its context.
 */
typedef int (*gindex_same)(const void *ctx, size_t i, const void *key,
    size_t n);

/*
 * Look key (n bytes) up: returns the entry number, or (size_t)-1 when
 * no entry holds it.  *hash receives the key's hash, for gindex_add.
 */
size_t gindex_find(struct gindex *ix, const void *key, size_t n,
    gindex_same same, const void *ctx, uint64_t *hash);

/*
 * Add entry number `entry` under a key of hash `hash` (from gindex_find,
 * which found no entry for it).  Returns 0, or -1 when out of memory
 * (the index is unchanged).
 */
int gindex_add(struct gindex *ix, uint64_t hash, size_t entry);

/* Free the index's memory (a zeroed index is empty and valid). */
void gindex_free(struct gindex *ix);

/* SipHash-1-3 of (key, n) under the 128-bit key k (for tests). */
uint64_t gindex_siphash(const uint64_t k[2], const void *key, size_t n);

/* One group: its key values and its own fit. */
struct group {
	char *key;               /* the values, each as 8 length bytes + bytes */
	size_t keylen;
	char **val;              /* ncols values, NUL-terminated */
	lr_fit *fit;
	void *model;             /* the sink's per-group design (model.h),
	                            owned and freed by the sink; NULL */
	uint64_t rows;           /* rows that went into the fit */
	uint64_t skipped;        /* its rows skipped as invalid (--skip-invalid) */
	uint64_t missing;        /* its rows left out for a missing value */
};

/*
 * A fingerprint of a row's group values, and a cache slot: the first
 * and last eight bytes of a value and its length (with several columns,
 * a hash of each's).  For one value of at most 16 bytes the fingerprint
 * is the value itself, so equal fingerprints are equal values without a
 * comparison of the bytes; otherwise the bytes are compared.
 */
struct gprint {
	uint64_t a, b;
	size_t n;
	size_t entry;            /* in a cache slot: 1 + a group's number; 0: empty */
};

/* The groups, in first-seen order (a zeroed table is empty and valid). */
struct group_table {
	int ncols;               /* group columns: values per group */
	char **names;            /* ncols column names, once set; else NULL */
	struct group *group;     /* n groups */
	size_t n, cap;
	struct gindex index;     /* the index into group */
	char *keybuf;            /* the key being looked up */
	size_t keycap;
	/*
	 * In front of the index: a cache of groups by a cheap unkeyed hash
	 * of their values (group_find), which always holds the last group
	 * found.  A miss costs one comparison more than the index alone, so
	 * keys aimed at one cache slot only send every lookup to the index.
	 */
	struct gprint *cache;    /* ncache slots (a power of two) */
	size_t ncache;
	int cshift;              /* 64 - log2(ncache) */
};

/* Slots of the cache in front of the index: 16 a group, within these. */
#define GROUP_CACHE_MIN_BITS 8
#define GROUP_CACHE_MIN ((size_t)1 << GROUP_CACHE_MIN_BITS)
#define GROUP_CACHE_MAX 8192

/*
 * The number of the group of the values val[0..ncols-1] (lengths len;
 * they may hold NUL bytes), made when new with an empty fit of model
 * spec; (size_t)-1: out of memory (the table is unchanged).  The cache
 * is looked at first: consecutive rows often share a group, and a few
 * hundred groups stay in it, so most rows cost a cheap hash and a
 * comparison of fingerprints, not SipHash.
 */
size_t group_find(struct group_table *t, const lr_spec *spec,
    const char *const *val, const size_t *len);

/* The same as a pointer to the group; NULL: out of memory. */
struct group *group_get(struct group_table *t, const lr_spec *spec,
    const char *const *val, const size_t *len);

/* The lengths of gr's ncols values (which may hold NUL bytes) into len. */
void group_lengths(const struct group *gr, int ncols, size_t *len);

/* Set the column names once (copies; a NULL name is "?").  0 or -1: no memory. */
int group_table_names(struct group_table *t, const char *const *names);

/*
 * Free the groups and names (the table is then empty, ncols kept).
 * With LINREG_DEBUG_GROUPS set, first says on standard error how hard
 * the index worked (for tests).
 */
void group_table_free(struct group_table *t);

#endif
