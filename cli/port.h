/*
 * port.h - what the CLI needs that WebAssembly (WASI preview 1) lacks.
 *
 * The native build takes nothing from here.  Built for wasm32-wasi
 * (make wasm), the CLI gets the POSIX calls wasi-libc leaves out from
 * port_wasi.c, with the behaviour WASI allows:
 *
 *   mkstemp   a new file with a random name (O_CREAT | O_EXCL)
 *   realpath  fails (ENOSYS): output.c then compares paths as spelt
 *             (it follows -o's links itself, with readlink)
 *   umask, fchmod   no permission bits in WASI: 0, and nothing to do
 *   dup       fails (ENOSYS); output.c asks only for a descriptor named
 *             by /dev/fd/N and the like, which realpath never finds
 *
 * and the working directory: WASI starts a program in "/", so it changes
 * to $PWD before main (the runner, scripts/wasi-run.mjs, sets PWD).
 *
 * Threads and signals are the other two differences: read_parallel.c
 * reads -j N's pieces one after another in one thread (the same pieces
 * and the same merge, so the same numbers), and signal() comes from
 * wasi-libc's emulation (-D_WASI_EMULATED_SIGNAL), where SIGPIPE is left
 * to the host; cleanup.c, which needs sigaction(), has no handlers to
 * install there.  The file that includes this header needs nothing
 * else, but for three lines guarded by __wasi__: cleanup.c's handlers,
 * output.c's check of permission bits, main.c's /dev/null.
 */
#ifndef LINREG_PORT_H
#define LINREG_PORT_H

#ifdef __wasi__
#include <sys/types.h>

int mkstemp(char *tmpl);
char *realpath(const char *path, char *resolved);
mode_t umask(mode_t mask);
int fchmod(int fd, mode_t mode);
int dup(int fd);
#endif

#endif
