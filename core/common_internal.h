/*
 * common_internal.h - what every file of the core may use and common.c
 * provides: the allocation functions behind lr_set_allocator.  Not for
 * cli/.  Kept apart from fit_internal.h so that common.c, which knows
 * nothing of fits, does not see their layout.
 */
#ifndef LINREG_COMMON_INTERNAL_H
#define LINREG_COMMON_INTERNAL_H

#include <stddef.h>

/*
 * Every allocation of the core goes through these (see lr_set_allocator):
 * lr_zalloc returns n * size zeroed bytes, or NULL (also when n * size
 * overflows); lr_free accepts NULL.
 */
void *lr_zalloc(size_t n, size_t size);
void lr_free(void *p);

#endif
