/*
 * common.c - what every file of the core uses and no fit needs to know:
 * the allocation hooks (lr_set_allocator, and lr_zalloc and lr_free,
 * through which every allocation of the core goes) and lr_strerror.
 *
 * Why cut so: these are the core's only process-wide state (the two
 * hooks) and its one table of words, neither of which depends on the
 * layout of a fit; kept apart, fit.c holds only the fit state's own
 * operations, and a second front end can see in one short file the
 * whole of what is shared between fits (see linreg.h, "Thread safety").
 */
#include <stdlib.h>
#include <string.h>

#include "linreg.h"
#include "common_internal.h"

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

static void *(*alloc_fn)(size_t) = malloc;
static void (*free_fn)(void *) = free;

void lr_set_allocator(void *(*alloc)(size_t), void (*release)(void *))
{
	alloc_fn = alloc && release ? alloc : malloc;
	free_fn = alloc && release ? release : free;
}

void *lr_zalloc(size_t n, size_t size)
{
	void *p;
	if (size && n > (size_t)-1 / size)
		return NULL;
	p = alloc_fn(n * size != 0 ? n * size : 1);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void lr_free(void *p)
{
	if (p)
		free_fn(p);
}

/* ------------------------------------------------------------------ */
/* Words for statuses                                                  */
/* ------------------------------------------------------------------ */

const char *lr_strerror(lr_status s)
{
	switch (s) {
	case LR_OK:
		return "success";
	case LR_ENOMEM:
		return "out of memory";
	case LR_EINVAL:
		return "invalid argument";
	case LR_ENONFINITE:
		return "value is not a finite number";
	case LR_ETOOFEW:
		return "too few data points for the model";
	case LR_ESINGULAR:
		return "a predictor is a linear combination of the others";
	case LR_EMISMATCH:
		return "fits of different models cannot be merged";
	case LR_ERANGE:
		return "a value or coefficient is beyond the range of a double";
	}
	return "unknown status";
}
