/*
 * cleanup.h - temporary files that a signal must not leave behind.
 *
 * A file registered here is removed when linreg is ended by SIGHUP,
 * SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGXCPU or SIGXFSZ; linreg then
 * dies of the same signal, so its exit status (128 + N in a shell) is
 * as it would be without the handler.  A signal that was ignored when
 * linreg started (nohup, a background job's SIGINT) stays ignored, and
 * one already caught (by a program that runs linreg's main in-process)
 * stays caught.
 *
 * Without signals (WASI) the registry is kept all the same and nothing
 * else happens.
 */
#ifndef LINREG_CLEANUP_H
#define LINREG_CLEANUP_H

/* Install the handlers; once, at start. */
void cleanup_init(void);

/*
 * Remove path (not copied: it must stay valid until cleanup_forget) if
 * a signal ends linreg.  Returns the slot for cleanup_forget, or -1
 * when all CLEANUP_SLOTS are taken (never, with linreg's one output
 * file at a time).
 */
#define CLEANUP_SLOTS 8
int cleanup_add(const char *path);

/* The file is gone or renamed into place: forget it (-1 accepted). */
void cleanup_forget(int slot);

/*
 * Hold the signals for a moment, e.g. between creating a file and
 * registering it, or between renaming it and forgetting it; a signal
 * that comes meanwhile is acted on by cleanup_release.
 */
void cleanup_hold(void);
void cleanup_release(void);

#endif
