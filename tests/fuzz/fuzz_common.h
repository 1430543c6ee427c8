/*
 * fuzz_common.h - helpers shared by the fuzz targets (tests/fuzz/).
 *
 * fuzz_common.c is linked into every fuzz binary and every replay
 * driver.  It is compiled without the -Dread=fuzz_read redirection that
 * the reader sources get (see fuzz.mk), so it can call the real read().
 */
#ifndef LINREG_FUZZ_COMMON_H
#define LINREG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The libFuzzer entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An oracle failed: print "fuzz: oracle failed: <message>" on file
 * descriptor 2, then abort() so that libFuzzer saves the input.
 */
void fuzz_fail(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;

/*
 * Silence the program's own messages (linreg's msg() writes to the
 * stdio stream stderr) without touching file descriptor 2, where the
 * sanitizers, libFuzzer and fuzz_fail report: with glibc, the stream
 * pointer `stderr` is pointed at /dev/null.  Idempotent; does nothing
 * when FUZZ_VERBOSE is set in the environment, or without glibc.
 */
void fuzz_quiet_stderr(void);

/*
 * A simulated input stream for the readers built with
 * -Dread=fuzz_read -Dpread=fuzz_pread: reads of FUZZ_FD come from
 * data[0..size), at most `chunk` bytes per call (short reads, as from a
 * pipe); with eintr set, every third call fails with EINTR first.
 * Reads of any other descriptor go to the real read()/pread().
 */
#define FUZZ_FD 1000
void fuzz_stream_set(const uint8_t *data, size_t size, size_t chunk,
    int eintr);
ssize_t fuzz_read(int fd, void *buf, size_t n);
ssize_t fuzz_pread(int fd, void *buf, size_t n, off_t off);

/* FNV-1a, for digests of what a reader produced. */
#define FUZZ_FNV_INIT UINT64_C(0xcbf29ce484222325)
uint64_t fuzz_hash(uint64_t h, const void *p, size_t n);
uint64_t fuzz_hash_u64(uint64_t h, uint64_t v);

#endif
