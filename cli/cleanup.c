/*
 * cleanup.c - temporary files removed when a signal ends linreg; see
 * cleanup.h.
 *
 * The handler may run at any point, in any thread, so it only reads a
 * fixed array of pointers, calls unlink(), restores the default action
 * and raises the signal again (all async-signal-safe).  A path is
 * published by storing its pointer into a free slot after the string
 * is complete, and withdrawn by storing NULL before it is freed.  The
 * raised signal is blocked while the handler runs (it is in sa_mask),
 * so it is delivered, with the default action, when the handler
 * returns: the process ends as if it had never caught it.
 *
 * A spooled standard input (--fitted) needs none of this: its file is
 * removed right after it is created and read through the descriptor
 * (spool.c), so nothing is left to clean up whatever ends linreg.
 */
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

#include "cleanup.h"

static const char *volatile paths[CLEANUP_SLOTS];

int cleanup_add(const char *path)
{
	int i;
	for (i = 0; i < CLEANUP_SLOTS; i++)
		if (!paths[i]) {
			paths[i] = path;
			return i;
		}
	return -1;
}

void cleanup_forget(int slot)
{
	if (slot >= 0 && slot < CLEANUP_SLOTS)
		paths[slot] = NULL;
}

#ifndef __wasi__
static const int caught[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGXCPU, SIGXFSZ
};
#define NCAUGHT (sizeof caught / sizeof caught[0])

static void on_signal(int sig)
{
	int i;
	for (i = 0; i < CLEANUP_SLOTS; i++) {
		const char *p = paths[i];
		if (p)
			(void)unlink(p);
	}
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static sigset_t caught_set(void)
{
	sigset_t set;
	size_t i;
	sigemptyset(&set);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(&set, caught[i]);
	return set;
}

void cleanup_init(void)
{
	struct sigaction sa, old;
	size_t i;

	sa.sa_handler = on_signal;
	sa.sa_mask = caught_set();
	sa.sa_flags = 0;
	for (i = 0; i < NCAUGHT; i++) {
		/*
		 * Only a default action is replaced: a signal ignored by the
		 * parent (nohup; SIGPIPE: see main) stays ignored, and one
		 * caught by a program that runs main in-process (the cli
		 * fuzzer, under libFuzzer) stays with it.
		 */
		if (sigaction(caught[i], NULL, &old) != 0 ||
		    (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
			continue;
		(void)sigaction(caught[i], &sa, NULL);
	}
}

void cleanup_hold(void)
{
	sigset_t set = caught_set();
	(void)sigprocmask(SIG_BLOCK, &set, NULL);
}

void cleanup_release(void)
{
	sigset_t set = caught_set();
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
}
#else
void cleanup_init(void)
{
}

void cleanup_hold(void)
{
}

void cleanup_release(void)
{
}
#endif
