/*
 * fuzz_common.c - see fuzz_common.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

/*
 * Defaults for the sanitizers (the environment's ASAN_OPTIONS and
 * UBSAN_OPTIONS still win).  ASan fills every new allocation (up to
 * 1 MiB of it, not just the first 4 KiB) with 0xbe, so a read of bytes
 * a reader allocated but never wrote sees the same junk every run, and
 * a scan that runs past the data into them (memchr for a line end, say)
 * goes on to the end of the block, where ASan stops it.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return "max_malloc_fill_size=1048576:detect_leaks=1";
}

const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

void fuzz_fail(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n = snprintf(buf, sizeof buf, "fuzz: oracle failed: ");

	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof buf - 2)
		n = (int)sizeof buf - 2;
	buf[n++] = '\n';
	if (write(2, buf, (size_t)n) < 0) {
		/* nowhere else to say it */
	}
	abort();
}

void fuzz_quiet_stderr(void)
{
#ifdef __GLIBC__
	static int done;
	FILE *null;

	if (done)
		return;
	done = 1;
	if (getenv("FUZZ_VERBOSE"))
		return;
	null = fopen("/dev/null", "w");
	if (null)
		stderr = null;
#endif
}

static struct {
	const uint8_t *data;
	size_t size, pos, chunk;
	int eintr;
	unsigned calls;
} st;

void fuzz_stream_set(const uint8_t *data, size_t size, size_t chunk,
    int eintr)
{
	st.data = data;
	st.size = size;
	st.pos = 0;
	st.chunk = chunk ? chunk : 1;
	st.eintr = eintr;
	st.calls = 0;
}

ssize_t fuzz_read(int fd, void *buf, size_t n)
{
	size_t k;

	if (fd != FUZZ_FD)
		return read(fd, buf, n);
	if (st.eintr && ++st.calls % 3 == 0) {
		errno = EINTR;
		return -1;
	}
	k = st.size - st.pos;
	if (k > n)
		k = n;
	if (k > st.chunk)
		k = st.chunk;
	if (k)
		memcpy(buf, st.data + st.pos, k);
	st.pos += k;
	return (ssize_t)k;
}

ssize_t fuzz_pread(int fd, void *buf, size_t n, off_t off)
{
	size_t k;

	if (fd != FUZZ_FD)
		return pread(fd, buf, n, off);
	if (off < 0) {
		errno = EINVAL;
		return -1;
	}
	if (st.eintr && ++st.calls % 3 == 0) {
		errno = EINTR;
		return -1;
	}
	if ((uint64_t)off >= st.size)
		return 0;
	k = st.size - (size_t)off;
	if (k > n)
		k = n;
	if (k > st.chunk)
		k = st.chunk;
	memcpy(buf, st.data + off, k);
	return (ssize_t)k;
}

uint64_t fuzz_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

uint64_t fuzz_hash_u64(uint64_t h, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	return fuzz_hash(h, b, sizeof b);
}
