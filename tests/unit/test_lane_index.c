/*
 * test_lane_index.c - the fast lane's structural index (cli/lane_index.h):
 * the vector path gives the byte-by-byte path's masks on every kind of
 * byte, for every delimiter the lane takes and for whitespace.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "lane_index.h"

static uint64_t rng = 88172645463325252u;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int same(const struct lane_bits *a, const struct lane_bits *b)
{
	return a->delim == b->delim && a->lf == b->lf && a->odd == b->odd &&
	    a->dot == b->dot && a->digit == b->digit;
}

/* Random blocks drawn from the bytes that matter, and any byte. */
static void test_vector_equals_plain(void)
{
	static const int delims[] = {',', ';', '\t', '|', ' ', -1};
	static const char pick[] = "0123456789.,;|\t \n\r\"-+eE#x/:\x80\xff";
	unsigned char buf[64];
	long i, bad = 0;
	size_t k;

	for (i = 0; i < 200000; i++) {
		struct lane_bits a, b;
		int d = delims[i % 6];
		for (k = 0; k < sizeof buf; k++) {
			uint64_t u = rnd();
			buf[k] = u % 4 ? (unsigned char)pick[(u >> 8) %
			    (sizeof pick - 1)] : (unsigned char)(u >> 16);
		}
		lane_index_plain(buf, d, &a);
		lane_index(buf, d, &b);
		if (!same(&a, &b) && bad++ < 5)
			fprintf(stderr, "  block %ld, delimiter %d: masks differ\n",
			    i, d);
	}
	CHECK(bad == 0);
}

/* The masks of a known line. */
static void test_known_line(void)
{
	unsigned char buf[64];
	struct lane_bits b;
	memset(buf, 'a', sizeof buf);
	memcpy(buf, "-1.5,2e3\r\n\"q\"\t7 8", 18);
	lane_index(buf, ',', &b);
	CHECK(b.delim == (1u << 4));
	CHECK(b.lf == (1u << 9));
	CHECK(b.odd == ((1u << 8) | (1u << 10) | (1u << 12)));
	CHECK(b.dot == (1u << 2));
	CHECK(b.digit == ((1u << 1) | (1u << 3) | (1u << 5) | (1u << 7) |
	    (1u << 14) | (1u << 16)));
	lane_index(buf, -1, &b);
	CHECK(b.delim == ((1u << 13) | (1u << 15)));
}

int main(int argc, char **argv)
{
	harness_args(argc, argv);
	RUN(test_vector_equals_plain);
	RUN(test_known_line);
	return harness_report("lane_index");
}
