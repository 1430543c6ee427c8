/*
 * text.h - text from the data made safe to show to a person.
 *
 * Cut from write_text.c so that the readers (describe_cell, delimited.c)
 * and msg() (diag.c) can escape what they show without depending on a
 * writer: one escaper, used by all.
 */
#ifndef LINREG_TEXT_H
#define LINREG_TEXT_H

#include <stddef.h>
#include <stdio.h>

/*
 * The length of the valid UTF-8 sequence at p (1 to 4), or 0 when it is
 * not one (a stray continuation byte, a truncated or overlong sequence,
 * a surrogate, or beyond U+10FFFF).  Reads no further than a NUL.
 */
int utf8_len(const unsigned char *p);
/*
 * Text from the data (names, group values, cells) shown to a person
 * (the text report, messages on standard error) must not reach the
 * terminal as control sequences.  text_char_len is the length of the
 * character at p (at most left bytes) if it is safe to print as it is: a
 * printable ASCII byte or a valid UTF-8 sequence of a character that is
 * not a control (C1, U+0080 to U+009F, included); 0 for a byte to show
 * escaped.
 */
int text_char_len(const unsigned char *p, size_t left);
/*
 * s[0..len) into buf (size >= 1 bytes, always NUL-terminated) with each
 * unsafe byte as \xNN; with quoted, '"' and '\' too (for a value shown
 * between double quotes).  Only whole characters and escapes are
 * written: returns how many bytes of s fit (len when all did), so the
 * caller can mark a cut.
 */
size_t text_escape(char *buf, size_t size, const char *s, size_t len,
    int quoted);
/* Write the string s to out, escaped as by text_escape (unquoted). */
void text_put(FILE *out, const char *s);

#endif
