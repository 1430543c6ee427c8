/*
 * diag.h - how linreg speaks when something goes wrong: its exit
 * statuses and its one way of writing a message.
 *
 * Every message goes to standard error as "linreg: ..." through msg(),
 * which escapes control bytes: names and cells from the data reach the
 * terminal only escaped.
 */
#ifndef LINREG_DIAG_H
#define LINREG_DIAG_H

/* Exit statuses from sysexits(3), listed in the man page. */
#define EX_OK 0
#define EX_GATE 1    /* a --fail-if condition holds */
#define EX_USAGE 64
#define EX_DATAERR 65
#define EX_NOINPUT 66
#define EX_SOFTWARE 70
#define EX_OSERR 71
#define EX_IOERR 74

/* Print "linreg: " and the formatted message on standard error. */
void msg(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Say "out of memory" and return EX_OSERR: `return oom();`. */
int oom(void);

#endif
