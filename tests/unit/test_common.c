/*
 * test_common.c - core/common.c alone: the allocator hooks behind
 * lr_set_allocator (lr_zalloc, lr_free) and lr_strerror's words.  Linked
 * with common.o only, so it shows that common.c needs nothing of fits.
 */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "linreg.h"
#include "common_internal.h"

static long n_alloc, n_free;
static size_t last_size;

/* Hands out memory full of 0xaa, so that lr_zalloc's zeroing shows. */
static void *dirty_alloc(size_t n)
{
	void *p = malloc(n);
	n_alloc++;
	last_size = n;
	if (p)
		memset(p, 0xaa, n);
	return p;
}

static void counting_free(void *p)
{
	n_free++;
	free(p);
}

static void test_strerror(void)
{
	lr_status s[] = { LR_OK, LR_ENOMEM, LR_EINVAL, LR_ENONFINITE,
	    LR_ETOOFEW, LR_ESINGULAR, LR_EMISMATCH, LR_ERANGE };
	size_t n = sizeof s / sizeof s[0], i, j;

	/* The CLI prints these words: they must not change. */
	CHECK(strcmp(lr_strerror(LR_OK), "success") == 0);
	CHECK(strcmp(lr_strerror(LR_ENOMEM), "out of memory") == 0);
	CHECK(strcmp(lr_strerror(LR_ESINGULAR),
	    "a predictor is a linear combination of the others") == 0);
	for (i = 0; i < n; i++) {
		const char *w = lr_strerror(s[i]);
		CHECK(w && *w && strcmp(w, "unknown status") != 0);
		for (j = 0; j < i; j++)
			CHECK(strcmp(w, lr_strerror(s[j])) != 0);
	}
	CHECK(strcmp(lr_strerror((lr_status)99), "unknown status") == 0);
}

static void test_hooks(void)
{
	unsigned char *p;
	size_t i;
	int zero = 1;

	lr_set_allocator(dirty_alloc, counting_free);
	n_alloc = n_free = 0;
	p = lr_zalloc(10, 7);
	CHECK(p != NULL && n_alloc == 1 && last_size == 70);
	for (i = 0; p && i < 70; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	lr_free(p);
	CHECK(n_free == 1);
	lr_free(NULL);
	CHECK(n_free == 1);
	/* n * size beyond size_t: NULL, and the hook is never asked. */
	CHECK(lr_zalloc(SIZE_MAX / 2 + 1, 2) == NULL);
	CHECK(lr_zalloc(2, SIZE_MAX) == NULL);
	CHECK(n_alloc == 1);
	/* Nothing asked for: still a pointer to free (one byte). */
	p = lr_zalloc(0, 8);
	CHECK(p != NULL && n_alloc == 2 && last_size == 1);
	lr_free(p);
	CHECK(n_free == 2);
	/* Half a pair restores malloc and free: the hooks are not called. */
	lr_set_allocator(dirty_alloc, NULL);
	p = lr_zalloc(3, 3);
	CHECK(p != NULL && n_alloc == 2);
	lr_free(p);
	CHECK(n_free == 2);
	lr_set_allocator(dirty_alloc, counting_free);
	lr_set_allocator(NULL, NULL);
	p = lr_zalloc(1, 1);
	lr_free(p);
	CHECK(n_alloc == 2 && n_free == 2);
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_strerror);
	RUN(test_hooks);
	return harness_report("common");
}
