/*
 * test_groups.c - the groups of -g (cli/groups.c): the table of groups
 * with their fits (first-seen order, one group per distinct values,
 * values that hold NUL bytes or differ only in where they are cut, the
 * names set once), and the index: SipHash-1-3
 * against an outside reference, and lookups that stay cheap on keys made
 * to collide under the unkeyed FNV-1a the index used before (issue 13
 * #5: 65,536 such group keys took 32 s against 0.56 s for random keys).
 *
 * No timing: the index counts the slots it looks at, and the test bounds
 * that count.  The cache in front of the index (the last group, a slot
 * by a cheap hash) answers repeated groups without the index, and never
 * mistakes one group for another that shares its slot.  The pool of
 * grouped rows (group_batch.c) gives each group's fit its rows, solved
 * against R, in a bounded memory.  The same keys through FNV-1a with linear probing (the old
 * scheme, simulated here) show that they are adversarial.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "group_batch.h"
#include "groups.h"
#include "harness.h"

#define LEVELS 16                 /* 2^16 keys */
#define NKEYS (1u << LEVELS)
#define KEYLEN ((size_t)4 * LEVELS)

/*
 * SipHash-1-3 under the zero key, against CPython 3.11, whose bytes hash
 * is exactly that with PYTHONHASHSEED=0:
 *	PYTHONHASHSEED=0 python3 -c "print(hash(b'abc'), hash(b'abcdefghijklmnopqrstuvwxyz'))"
 *	-4594863902769663758 3619993805786647007
 */
static void test_siphash13(void)
{
	const uint64_t k[2] = { 0, 0 };
	CHECK(gindex_siphash(k, "abc", 3) ==
	    (uint64_t)-4594863902769663758LL);
	CHECK(gindex_siphash(k, "abcdefghijklmnopqrstuvwxyz", 26) ==
	    (uint64_t)3619993805786647007LL);
}

/* FNV-1a, 64 bits, from state h. */
static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 1099511628211u;
	return h;
}

struct cand {
	uint32_t low;                /* the low 24 bits of the state after */
	unsigned char b[4];
};

static int by_low(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->low < y->low ? -1 : x->low > y->low;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/*
 * The adversary's keys: the low 24 bits of an FNV-1a state after a byte
 * depend only on the low 24 bits before it, so two 4-byte blocks that
 * take the state's low bits to the same value (a birthday search among
 * 16384 random blocks) can be swapped for each other.  Sixteen such
 * pairs chained give 2^16 keys of 64 bytes whose hashes share their low
 * 24 bits: every key lands on the same slot of any table up to 2^24.
 */
static unsigned char (*adversarial_keys(void))[KEYLEN]
{
	unsigned char pair[LEVELS][2][4];
	unsigned char (*keys)[KEYLEN] = malloc(NKEYS * sizeof *keys);
	struct cand *c = malloc(16384 * sizeof *c);
	uint64_t state = 1469598103934665603u; /* the old table's start */
	unsigned i, lv, j;

	if (!keys || !c) {
		free(keys);
		free(c);
		return NULL;
	}
	for (lv = 0; lv < LEVELS; lv++) {
		int found = 0;
		while (!found) {
			for (i = 0; i < 16384; i++) {
				uint32_t r = next32();
				memcpy(c[i].b, &r, 4);
				c[i].low = (uint32_t)(fnv(state, c[i].b, 4) &
				    0xffffff);
			}
			qsort(c, 16384, sizeof *c, by_low);
			for (i = 1; i < 16384 && !found; i++)
				if (c[i].low == c[i - 1].low &&
				    memcmp(c[i].b, c[i - 1].b, 4) != 0) {
					memcpy(pair[lv][0], c[i - 1].b, 4);
					memcpy(pair[lv][1], c[i].b, 4);
					found = 1;
				}
		}
		state = fnv(state, pair[lv][0], 4);
	}
	for (i = 0; i < NKEYS; i++)
		for (lv = 0; lv < LEVELS; lv++)
			for (j = 0; j < 4; j++)
				keys[i][4 * lv + j] = pair[lv][(i >> lv) & 1][j];
	free(c);
	return keys;
}

static int same_key(const void *ctx, size_t i, const void *key, size_t n)
{
	const unsigned char *keys = ctx;
	return n == KEYLEN && memcmp(keys + i * (size_t)KEYLEN, key, n) == 0;
}

static void test_flood(void)
{
	unsigned char (*keys)[KEYLEN] = adversarial_keys();
	struct gindex ix;
	uint64_t h, low, old_probes = 0;
	size_t *old, cap = 8192, n = 4096, i, j, e;
	int bad = 0;

	CHECK(keys != NULL);
	if (!keys)
		return;
	/* The keys are adversarial: FNV-1a hashes, all low 24 bits equal. */
	low = fnv(1469598103934665603u, keys[0], KEYLEN) & 0xffffff;
	for (i = 1; i < NKEYS; i++)
		bad += (fnv(1469598103934665603u, keys[i], KEYLEN) & 0xffffff)
		    != low;
	CHECK(bad == 0);
	/* The old scheme on 4096 of them: every insert walks all before it. */
	old = malloc(cap * sizeof *old);
	CHECK(old != NULL);
	if (old) {
		for (j = 0; j < cap; j++)
			old[j] = (size_t)-1;
		for (i = 0; i < n; i++) {
			for (j = fnv(1469598103934665603u, keys[i], KEYLEN) &
			    (cap - 1); old[j] != (size_t)-1; j = (j + 1) &
			    (cap - 1))
				old_probes++;
			old[j] = i;
		}
		CHECK(old_probes >= (uint64_t)n * (n - 1) / 2);
		free(old);
	}
	/*
	 * The index: 2^16 lookups and inserts, then 2^16 lookups again.
	 * Linear probing at most half full looks at about 2.5 slots for a
	 * miss and 1.5 for a hit on random hashes; 8 a lookup is far above
	 * that (the old scheme: some 32,768 a lookup on these keys).
	 */
	memset(&ix, 0, sizeof ix);
	for (i = 0; i < NKEYS; i++) {
		e = gindex_find(&ix, keys[i], KEYLEN, same_key, keys, &h);
		bad += e != (size_t)-1;
		bad += gindex_add(&ix, h, i) != 0;
	}
	for (i = 0; i < NKEYS; i++)
		bad += gindex_find(&ix, keys[i], KEYLEN, same_key, keys, &h) !=
		    i;
	CHECK(bad == 0);
	CHECK(ix.n == NKEYS && ix.cap >= 2 * NKEYS);
	printf("  %u adversarial keys: %.2f probes a lookup (FNV-1a, "
	    "linear probing: %.0f on 4096 of them)\n", NKEYS,
	    (double)ix.probes / (2.0 * NKEYS), (double)old_probes / n);
	CHECK(ix.probes <= 8 * 2 * (uint64_t)NKEYS);
	gindex_free(&ix);
	free(keys);
}

/* The group of values a / b (one or two columns). */
static struct group *get2(struct group_table *t, const lr_spec *spec,
    const char *a, size_t na, const char *b, size_t nb)
{
	const char *val[2];
	size_t len[2];
	val[0] = a;
	len[0] = na;
	val[1] = b;
	len[1] = nb;
	return group_get(t, spec, val, len);
}

static void test_table(void)
{
	struct group_table t;
	lr_spec spec = { 1, 0, 0 };
	struct group *a, *b, *c, *d, *e;
	const char *names[2] = { "city", NULL };
	const char *again[2] = { "other", "names" };
	double x = 1;

	memset(&t, 0, sizeof t);
	t.ncols = 2;
	a = get2(&t, &spec, "a", 1, "bc", 2);
	CHECK(a != NULL && t.n == 1);
	if (!a)
		return;
	CHECK(!strcmp(a->val[0], "a") && !strcmp(a->val[1], "bc"));
	CHECK(a->fit != NULL && lr_fit_count(a->fit) == 0);
	CHECK(a->rows == 0 && a->skipped == 0);
	CHECK(lr_fit_add(a->fit, &x, 2) == LR_OK);
	a->rows++;
	/* The same values cut elsewhere are another group. */
	b = get2(&t, &spec, "ab", 2, "c", 1);
	CHECK(b != NULL && t.n == 2);
	/* A NUL byte is part of a value. */
	c = get2(&t, &spec, "a\0x", 3, "bc", 2);
	d = get2(&t, &spec, "", 0, "", 0);
	CHECK(c != NULL && d != NULL && t.n == 4);
	/* Found again: the first group, its fit and rows kept. */
	e = get2(&t, &spec, "a", 1, "bc", 2);
	CHECK(t.n == 4 && e == &t.group[0]);
	CHECK(e && e->rows == 1 && lr_fit_count(e->fit) == 1);
	/* First-seen order. */
	CHECK(t.n == 4 && !strcmp(t.group[1].val[0], "ab") &&
	    t.group[2].val[0][1] == '\0' && t.group[3].val[1][0] == '\0');
	/* Names once; a missing one is "?". */
	CHECK(group_table_names(&t, names) == 0);
	CHECK(group_table_names(&t, again) == 0);
	CHECK(t.names && !strcmp(t.names[0], "city") &&
	    !strcmp(t.names[1], "?"));
	/* Many groups: the table and its index grow together. */
	{
		char buf[16];
		size_t i, bad = 0;
		for (i = 0; i < 1000; i++) {
			snprintf(buf, sizeof buf, "%zu", i);
			bad += get2(&t, &spec, buf, strlen(buf), "z", 1) == NULL;
		}
		for (i = 0; i < 1000; i++) {
			snprintf(buf, sizeof buf, "%zu", i);
			bad += get2(&t, &spec, buf, strlen(buf), "z", 1) !=
			    &t.group[4 + i];
		}
		CHECK(bad == 0 && t.n == 1004);
	}
	group_table_free(&t);
	CHECK(t.n == 0 && t.group == NULL && t.names == NULL);
	/* A freed table is empty and usable again. */
	CHECK(get2(&t, &spec, "a", 1, "bc", 2) != NULL && t.n == 1);
	group_table_free(&t);
}

/* The group of one value (a one-column table). */
static struct group *get1(struct group_table *t, const lr_spec *spec,
    const char *a)
{
	size_t len = strlen(a);
	return group_get(t, spec, &a, &len);
}

static void test_cache(void)
{
	struct group_table t;
	lr_spec spec = { 1, 0, 0 };
	/* same length, same first and last 8 bytes: the same cache slot */
	const char *x = "abcdefgh-X-stuvwxyz", *y = "abcdefgh-Y-stuvwxyz";
	size_t i, bad = 0;

	memset(&t, 0, sizeof t);
	t.ncols = 1;
	for (i = 0; i < 1000; i++) {
		bad += get1(&t, &spec, i % 2 ? "odd" : "even") != &t.group[i % 2 ? 1 : 0];
		bad += get1(&t, &spec, "even") != &t.group[0];
	}
	/* The index saw each group once: the cache answered the rest. */
	CHECK(bad == 0 && t.n == 2);
	CHECK(t.index.lookups == 2);
	/* Two values on one slot stay two groups, found each time. */
	for (i = 0; i < 100; i++) {
		bad += get1(&t, &spec, x) != &t.group[2];
		bad += get1(&t, &spec, y) != &t.group[3];
	}
	CHECK(bad == 0 && t.n == 4);
	CHECK(!strcmp(t.group[2].val[0], x) && !strcmp(t.group[3].val[0], y));
	/*
	 * Values up to 16 bytes are told apart by their fingerprint alone:
	 * each length 0..20, each one byte in turn changed, a group each,
	 * found again (through the cache) as the same group.
	 */
	{
		char v[21];
		size_t n, j, first = t.n, got = 0;
		int pass;
		for (pass = 0; pass < 2; pass++)
			for (got = first, n = 0; n <= 20; n++)
				for (j = 0; j <= n; j++) {
					const char *p = v;
					size_t len = n;
					struct group *gr;
					memset(v, 'a', sizeof v);
					if (j < n)
						v[j] = 'b';
					gr = group_get(&t, &spec, &p, &len);
					bad += gr != &t.group[got++];
					bad += gr && (gr->keylen != 8 + n ||
					    memcmp(gr->val[0], v, n) != 0);
				}
		CHECK(bad == 0 && t.n == got);
	}
	group_table_free(&t);
	CHECK(t.cache == NULL);
}

/* R's women: height and weight (datasets::women). */
static const double women_h[15] = { 58, 59, 60, 61, 62, 63, 64, 65, 66,
	67, 68, 69, 70, 71, 72 };
static const double women_w[15] = { 115, 117, 120, 123, 126, 129, 132,
	135, 139, 142, 146, 150, 154, 159, 164 };

/* Coefficient j of fit f solved (NaN when it cannot be). */
static double coef(const lr_fit *f, int j)
{
	lr_result *r;
	double c;
	if (lr_solve(f, 0.95, &r) != LR_OK)
		return NAN;
	c = lr_result_coef(r, j)->estimate;
	lr_result_free(r);
	return c;
}

/*
 * Rows of three groups interleaved through a pool, more than it holds:
 * it flushes when full, keeps at most GBATCH_BYTES, and each fit has its
 * rows.  References:
 *	Rscript -e 'print(coef(lm(weight~height,women)),digits=17)'
 *	  -87.5166666666664526 3.4499999999999971  (exactly -5251/60, 69/20:
 *	  python3 fractions, the normal equations)
 *	Rscript -e 'print(coef(lm(weight~height+I(height^2),women)),digits=17)'
 *	  261.878183581102518929 -7.348319327730430395 0.083063994828695767
 *	  (python3 fractions: 261.87818358112474 -7.348319327731092
 *	  0.08306399482870071)
 */
static void pool_rows(int nx, int weighted)
{
	struct group_table t;
	struct gbatch b;
	lr_spec spec = { 1, 0, 0 };
	size_t i, total, rowbytes, waiting, bad = 0;
	uint64_t in[3] = { 0, 0, 0 }, fitted;
	const char *names[3] = { "women", "line", "third" };

	spec.nx = nx;
	memset(&t, 0, sizeof t);
	t.ncols = 1;
	REQUIRE(gbatch_init(&b, nx, weighted, 0) == 0);
	rowbytes = 2 * ((size_t)nx + 1 + weighted) * sizeof(double) +
	    sizeof(size_t);
	CHECK(b.cap * rowbytes <= GBATCH_BYTES && b.cap >= 1024);
	/* at least two pools' worth; the women's rows in whole copies */
	for (i = 0; i < 2 * b.cap + 7 || in[0] % 15; i++) {
		double v[4], x;
		int k = (int)(i % 3);
		struct group *gr = get1(&t, &spec, names[k]);
		REQUIRE(gr != NULL);
		x = k == 0 ? women_h[in[0] % 15] : (double)i * 0.5 - 100;
		v[0] = x;
		if (nx == 2)
			v[1] = x * x;
		v[nx] = k == 0 ? women_w[in[0] % 15] : -3 * x + 7;
		v[nx + 1] = 2;
		bad += gbatch_add(&b, &t, (size_t)(gr - t.group), v) != LR_OK;
		in[k]++;
	}
	total = i;
	CHECK(bad == 0);
	/* Full pools went to the fits; the rest waits. */
	for (fitted = 0, i = 0; i < 3; i++)
		fitted += lr_fit_count(t.group[i].fit);
	waiting = b.n;
	CHECK(fitted >= 2 * b.cap && fitted + waiting == total && waiting < b.cap);
	CHECK(gbatch_flush(&b, &t) == LR_OK && b.n == 0);
	for (i = 0; i < 3; i++)
		CHECK(lr_fit_count(t.group[i].fit) == in[i]);
	if (nx == 1) {
		CHECK_REL(coef(t.group[0].fit, 0), -5251.0 / 60, 1e-12);
		CHECK_REL(coef(t.group[0].fit, 1), 3.45, 1e-13);
	} else {
		CHECK_REL(coef(t.group[0].fit, 0), 261.87818358112474, 1e-9);
		CHECK_REL(coef(t.group[0].fit, 1), -7.348319327731092, 1e-10);
		CHECK_REL(coef(t.group[0].fit, 2), 0.08306399482870071, 1e-12);
	}
	CHECK_REL(coef(t.group[1].fit, 0), 7, 1e-11);
	CHECK_REL(coef(t.group[1].fit, 1), -3, 1e-13);
	gbatch_free(&b);
	CHECK(b.cap == 0 && b.x == NULL);
	group_table_free(&t);
}

static void test_pool(void)
{
	pool_rows(1, 0);
	pool_rows(1, 1);
	pool_rows(2, 0);
	pool_rows(2, 1);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_siphash13);
	RUN(test_flood);
	RUN(test_table);
	RUN(test_cache);
	RUN(test_pool);
	return harness_report("groups");
}
