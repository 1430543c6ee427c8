/*
 * groups.c - the table of groups (-g) with their fits, and its index:
 * SipHash-1-3 under a per-process random
 * key, linear probing in a table at most half full (groups.h says why).
 *
 * In front of the index, a cache by a cheap unkeyed hash of a
 * fingerprint of the values (their first and last eight bytes and
 * length: for one value of up to 16 bytes, the value itself, so a hit
 * needs no comparison of bytes).  On 5*10^6 rows of 200 groups in
 * random order (/var/tmp/lr-bench/g200.csv), 1.7% of the rows miss it
 * and go to SipHash and the index; a lookup costs some 70 instructions
 * (callgrind) where SipHash, the key's copy and the index took some 160.
 *
 * SipHash (Aumasson and Bernstein, 2012) is a keyed hash built for hash
 * tables fed by an adversary; 1-3 (one compression round, three
 * finalisation rounds) is the variant Rust's and Python's tables use,
 * fast enough for short keys.  The key comes from the system's entropy
 * (/dev/urandom; getentropy under WASI), once per process; should that
 * fail, from the clock and addresses, which still differ from run to
 * run, and the table only gets slower, never wrong.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "groups.h"

/* ------------------------------------------------------------------ */
/* SipHash-1-3                                                         */
/* ------------------------------------------------------------------ */

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do {							\
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;			\
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;			\
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
	} while (0)

uint64_t gindex_siphash(const uint64_t k[2], const void *key, size_t n)
{
	const unsigned char *in = key;
	uint64_t v0 = 0x736f6d6570736575u ^ k[0];
	uint64_t v1 = 0x646f72616e646f6du ^ k[1];
	uint64_t v2 = 0x6c7967656e657261u ^ k[0];
	uint64_t v3 = 0x7465646279746573u ^ k[1];
	uint64_t m, b = (uint64_t)n << 56;
	size_t i, j, end = n - n % 8;

	for (i = 0; i < end; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)in[i + j] << (8 * j);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (j = 0; j < n % 8; j++)
		b |= (uint64_t)in[end + j] << (8 * j);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

#ifdef __wasi__
int getentropy(void *buf, size_t len);
#endif

/* The process's key, drawn on first use. */
static const uint64_t *process_key(void)
{
	static uint64_t k[2];
	static int have;
	unsigned char b[16];
	int ok = 0, i;

	if (have)
		return k;
#ifdef __wasi__
	ok = getentropy(b, sizeof b) == 0;
#else
	{
		int fd = open("/dev/urandom", O_RDONLY);
		if (fd >= 0) {
			ok = read(fd, b, sizeof b) == (ssize_t)sizeof b;
			close(fd);
		}
	}
#endif
	if (ok) {
		for (k[0] = k[1] = 0, i = 0; i < 8; i++) {
			k[0] |= (uint64_t)b[i] << (8 * i);
			k[1] |= (uint64_t)b[8 + i] << (8 * i);
		}
	} else {
		/* Worse than entropy, still not known in advance. */
		struct timespec ts;
		if (clock_gettime(CLOCK_REALTIME, &ts))
			ts.tv_sec = ts.tv_nsec = 0;
		k[0] = ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec ^
		    (uint64_t)(uintptr_t)&have;
		k[1] = (uint64_t)(uintptr_t)b * 0x9e3779b97f4a7c15u ^
		    (uint64_t)ts.tv_nsec;
	}
	have = 1;
	return k;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

#define EMPTY ((size_t)-1)

size_t gindex_find(struct gindex *ix, const void *key, size_t n,
    gindex_same same, const void *ctx, uint64_t *hash)
{
	size_t h, mask;

	*hash = gindex_siphash(process_key(), key, n);
	ix->lookups++;
	if (!ix->cap)
		return EMPTY;
	mask = ix->cap - 1;
	for (h = (size_t)*hash & mask; ; h = (h + 1) & mask) {
		ix->probes++;
		if (ix->slot[h].entry == EMPTY)
			return EMPTY;
		if (ix->slot[h].hash == *hash &&
		    same(ctx, ix->slot[h].entry, key, n))
			return ix->slot[h].entry;
	}
}

/* Put (hash, entry) in the first free slot from its home. */
static void place(struct gslot *slot, size_t cap, uint64_t hash,
    size_t entry)
{
	size_t h = (size_t)hash & (cap - 1);
	/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): gindex_add sets every slot EMPTY first; the analyzer assumes a capacity of 0 */
	while (slot[h].entry != EMPTY)
		h = (h + 1) & (cap - 1);
	slot[h].entry = entry;
	slot[h].hash = hash;
}

int gindex_add(struct gindex *ix, uint64_t hash, size_t entry)
{
	if (2 * (ix->n + 1) > ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 64, j;
		struct gslot *ns;
		if (cap > (size_t)-1 / sizeof *ns)
			return -1;
		ns = malloc(cap * sizeof *ns);
		if (!ns)
			return -1;
		for (j = 0; j < cap; j++)
			ns[j].entry = EMPTY;
		for (j = 0; j < ix->cap; j++)
			if (ix->slot[j].entry != EMPTY)
				place(ns, cap, ix->slot[j].hash,
				    ix->slot[j].entry);
		free(ix->slot);
		ix->slot = ns;
		ix->cap = cap;
	}
	place(ix->slot, ix->cap, hash, entry);
	ix->n++;
	return 0;
}

void gindex_free(struct gindex *ix)
{
	free(ix->slot);
	memset(ix, 0, sizeof *ix);
}

/* ------------------------------------------------------------------ */
/* The table of groups                                                 */
/* ------------------------------------------------------------------ */

/* Does group i hold the key (key, n)?  (For the index.) */
static int same_group(const void *ctx, size_t i, const void *key, size_t n)
{
	const struct group *gr = &((const struct group_table *)ctx)->group[i];
	return gr->keylen == n && !memcmp(gr->key, key, n);
}

/* Does gr hold the values val (lengths len) of ncols columns? */
static int group_is(const struct group *gr, int ncols,
    const char *const *val, const size_t *len)
{
	const unsigned char *k = (const unsigned char *)gr->key;
	size_t left = gr->keylen, i;
	int g;

	if (ncols == 1)
		return left == 8 + len[0] && memcmp(k + 8, val[0], len[0]) == 0;
	for (g = 0; g < ncols; g++) {
		uint64_t l = 0;
		if (left < 8)
			return 0;
		for (i = 0; i < 8; i++)
			l |= (uint64_t)k[i] << (8 * i);
		k += 8;
		left -= 8;
		if (l != len[g] || left < l || memcmp(k, val[g], len[g]) != 0)
			return 0;
		k += l;
		left -= l;
	}
	return left == 0;
}

/* The first and last eight bytes of p (n bytes), all of it when n <= 16. */
static void ends(const unsigned char *p, size_t n, uint64_t *a, uint64_t *b)
{
	uint32_t lo, hi;
	*a = *b = 0;
	if (n >= 8) {
		memcpy(a, p, 8);
		memcpy(b, p + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		*a = lo | (uint64_t)hi << 32;
	} else if (n) {
		*a = p[0] | (uint64_t)p[n / 2] << 8 | (uint64_t)p[n - 1] << 16;
	}
}

/*
 * The values' fingerprint (groups.h); returns whether it is exact (one
 * value of at most 16 bytes: equal fingerprints, equal values).
 */
static int fingerprint(int ncols, const char *const *val, const size_t *len,
    struct gprint *k)
{
	int g;
	if (ncols == 1) {
		ends((const unsigned char *)val[0], len[0], &k->a, &k->b);
		k->n = len[0];
		return len[0] <= 16;
	}
	k->a = 0x9e3779b97f4a7c15u;
	k->b = 0;
	k->n = 0;
	for (g = 0; g < ncols; g++) {
		uint64_t a, b;
		ends((const unsigned char *)val[g], len[g], &a, &b);
		k->a = (k->a ^ a ^ (uint64_t)len[g] << 56) * 0x9fb21c651e98df25u;
		k->a ^= k->a >> 29;
		k->b = (k->b ^ b ^ k->a) * 0xbf58476d1ce4e5b9u;
		k->b ^= k->b >> 32;
		k->n += len[g];
	}
	return 0;
}

/*
 * The cache slot of a fingerprint: a cheap unkeyed hash.  Unkeyed, so
 * keys may be aimed at one slot: they then miss the cache and go to the
 * keyed index, as they would without it.
 */
static size_t cache_slot(const struct group_table *t, const struct gprint *k)
{
	uint64_t h = (k->a * 0x9fb21c651e98df25u) ^ (k->b * 0xbf58476d1ce4e5b9u) ^
	    (uint64_t)k->n;
	return (size_t)((h * 0x94d049bb133111ebu) >> t->cshift);
}

/*
 * A cache of some 16 slots a group (GROUP_CACHE_MIN to GROUP_CACHE_MAX),
 * empty: made at the first lookup, and again larger as groups come (a
 * table of a few groups, as each piece of -j has, stays small).  0, or
 * -1 when out of memory.
 */
static int size_cache(struct group_table *t)
{
	size_t want = GROUP_CACHE_MIN;
	int shift = 64 - GROUP_CACHE_MIN_BITS;
	struct gprint *c;
	while (want < GROUP_CACHE_MAX && want < 16 * (t->n + 1)) {
		want *= 2;
		shift--;
	}
	if (t->cache && want <= t->ncache)
		return 0;
	if (!(c = calloc(want, sizeof *c)))
		return t->cache ? 0 : -1;
	free(t->cache);
	t->cache = c;
	t->ncache = want;
	t->cshift = shift;  /* the slot: the top bits of a product */
	return 0;
}

/* Whether cache slot c holds the values of print k. */
static inline int holds(const struct group_table *t, const struct gprint *c,
    const struct gprint *k, int exact, const char *const *val,
    const size_t *len)
{
	return c->entry && c->a == k->a && c->b == k->b && c->n == k->n &&
	    (exact || group_is(&t->group[c->entry - 1], t->ncols, val, len));
}

/* The key of the values (8 length bytes + bytes each) in t->keybuf. */
static int make_key(struct group_table *t, const char *const *val,
    const size_t *len, size_t *need)
{
	size_t i;
	int g;
	char *k;

	for (*need = 0, g = 0; g < t->ncols; g++)
		*need += 8 + len[g];
	if (*need > t->keycap) {
		char *nb = realloc(t->keybuf, *need);
		if (!nb)
			return -1;
		t->keybuf = nb;
		t->keycap = *need;
	}
	for (k = t->keybuf, g = 0; g < t->ncols; g++) {
		uint64_t l = len[g];
		for (i = 0; i < 8; i++)
			*k++ = (char)(l >> (8 * i));
		memcpy(k, val[g], len[g]);
		k += len[g];
	}
	return 0;
}

/* A new group of the key in t->keybuf (need bytes), last in first-seen order. */
static struct group *new_group(struct group_table *t, const lr_spec *spec,
    const char *const *val, const size_t *len, size_t need, uint64_t hash)
{
	struct group *gr;
	int g;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct group *ng = realloc(t->group, cap * sizeof *ng);
		if (!ng)
			return NULL;
		t->group = ng;
		t->cap = cap;
	}
	gr = &t->group[t->n];
	memset(gr, 0, sizeof *gr);
	gr->key = malloc(need ? need : 1);
	gr->val = calloc((size_t)t->ncols, sizeof *gr->val);
	if (!gr->key || !gr->val || lr_fit_new(spec, &gr->fit) != LR_OK)
		goto nomem;
	memcpy(gr->key, t->keybuf, need);
	gr->keylen = need;
	for (g = 0; g < t->ncols; g++) {
		gr->val[g] = malloc(len[g] + 1);
		if (!gr->val[g])
			goto nomem;
		memcpy(gr->val[g], val[g], len[g]);
		gr->val[g][len[g]] = '\0';
	}
	if (gindex_add(&t->index, hash, t->n))
		goto nomem;
	t->n++;
	return gr;
nomem:
	free(gr->key);
	if (gr->val)
		for (g = 0; g < t->ncols; g++)
			free(gr->val[g]);
	free(gr->val);
	lr_fit_free(gr->fit);
	return NULL;
}

size_t group_find(struct group_table *t, const lr_spec *spec,
    const char *const *val, const size_t *len)
{
	struct gprint k;
	size_t need, i;
	uint64_t hash;
	int exact = fingerprint(t->ncols, val, len, &k);

	/* the cache: the last group found is always in it */
	if (t->cache) {
		size_t slot = cache_slot(t, &k);
		if (holds(t, &t->cache[slot], &k, exact, val, len))
			return t->cache[slot].entry - 1;
	}
	if (make_key(t, val, len, &need))
		return (size_t)-1;
	/* A keyed hash: data cannot aim all groups at one slot. */
	i = gindex_find(&t->index, t->keybuf, need, same_group, t, &hash);
	if (i == (size_t)-1) {
		if (!new_group(t, spec, val, len, need, hash))
			return (size_t)-1;
		i = t->n - 1;
	}
	if (size_cache(t) == 0) { /* (no memory for it: no cache) */
		k.entry = i + 1;
		t->cache[cache_slot(t, &k)] = k;
	}
	return i;
}

struct group *group_get(struct group_table *t, const lr_spec *spec,
    const char *const *val, const size_t *len)
{
	size_t i = group_find(t, spec, val, len);
	return i == (size_t)-1 ? NULL : &t->group[i];
}

void group_lengths(const struct group *gr, int ncols, size_t *len)
{
	const unsigned char *k = (const unsigned char *)gr->key;
	int g, i;
	for (g = 0; g < ncols; g++) {
		uint64_t l = 0;
		for (i = 0; i < 8; i++)
			l |= (uint64_t)k[i] << (8 * i);
		len[g] = (size_t)l;
		k += 8 + l;
	}
}

int group_table_names(struct group_table *t, const char *const *names)
{
	int g;
	if (t->names)
		return 0;
	t->names = calloc((size_t)t->ncols, sizeof *t->names);
	if (!t->names)
		return -1;
	for (g = 0; g < t->ncols; g++)
		if (!(t->names[g] = strdup(names[g] ? names[g] : "?")))
			return -1;
	return 0;
}

void group_table_free(struct group_table *t)
{
	size_t j;
	int g;
	/* For tests: the index's work, which must stay near 1.5 probes a
	 * lookup whatever the group values (groups.h). */
	if (t->index.lookups && getenv("LINREG_DEBUG_GROUPS"))
		fprintf(stderr, "linreg: debug: %zu groups, %llu lookups, "
		    "%llu probes\n", t->n,
		    (unsigned long long)t->index.lookups,
		    (unsigned long long)t->index.probes);
	for (j = 0; j < t->n; j++) {
		free(t->group[j].key);
		for (g = 0; g < t->ncols; g++)
			free(t->group[j].val[g]);
		free(t->group[j].val);
		lr_fit_free(t->group[j].fit);
	}
	free(t->group);
	gindex_free(&t->index);
	free(t->keybuf);
	free(t->cache);
	t->cache = NULL;
	t->ncache = 0;
	if (t->names)
		for (g = 0; g < t->ncols; g++)
			free(t->names[g]);
	free(t->names);
	t->group = NULL;
	t->names = NULL;
	t->keybuf = NULL;
	t->n = t->cap = t->keycap = 0;
}
