/*
 * text.c - escaping text from the data for a person; see text.h.
 */
#include <stdio.h>
#include <string.h>

#include "text.h"

int utf8_len(const unsigned char *p)
{
	int n, i;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int text_char_len(const unsigned char *p, size_t left)
{
	unsigned char tail[5] = {0};
	int n;
	if (*p >= 0x20 && *p < 0x7f)
		return 1;
	if (*p < 0x80 || left < 2)
		return 0;
	if (left < 4) /* utf8_len may look at 4 bytes */
		p = memcpy(tail, p, left);
	n = utf8_len(p);
	if ((size_t)n > left || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0))
		return 0;
	return n;
}

size_t text_escape(char *buf, size_t size, const char *s, size_t len,
    int quoted)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;

	while (i < len) {
		int n = text_char_len(p + i, len - i);
		if (n && !(quoted && (p[i] == '"' || p[i] == '\\'))) {
			if (o + (size_t)n >= size)
				break;
			memcpy(buf + o, p + i, (size_t)n);
			o += (size_t)n;
			i += (size_t)n;
		} else {
			if (o + 4 >= size)
				break;
			o += (size_t)snprintf(buf + o, 5, "\\x%02x", p[i]);
			i++;
		}
	}
	buf[o] = '\0';
	return i;
}

void text_put(FILE *out, const char *s)
{
	char buf[256];
	size_t len = strlen(s), done = 0;

	while (done < len) {
		done += text_escape(buf, sizeof buf, s + done, len - done, 0);
		fputs(buf, out);
	}
}
