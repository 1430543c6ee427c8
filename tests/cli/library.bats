#!/usr/bin/env bats
# The core as a library: examples/embed.c uses only core/linreg.h.
# Expected numbers: R 4.2, lm(y ~ x + I(x^2)) on the same eight points,
# and predict(..., data.frame(x = 10), interval = "prediction").

load helper

@test "examples/embed.c builds from the public header alone and fits" {
	[ -x "$BUILD/embed" ] || make -s -C "$TOP" build/embed
	! grep -q '#include "\(.*_internal\|\.\./cli/.*\)\.h"' "$TOP/examples/embed.c"
	run "$BUILD/embed"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "n = 8, R^2 = 0.999931, sigma = 0.134916" ]
	[ "${lines[1]}" = "b0 =  1.045833  (se 0.113549, p 0.000253)" ]
	[ "${lines[2]}" = "b1 =  1.932738  (se 0.075779, p 1.73e-06)" ]
	[ "${lines[3]}" = "b2 =  0.510119  (se 0.010409, p 6.68e-08)" ]
	[ "${lines[4]}" = "y(10) = 71.3851, 95% prediction interval [70.2732, 72.4971]" ]
}

@test "memory stays flat: 10 million rows, 3 predictors, in 16 MiB of address space" {
	skip_if_wasm "ulimit -v 16384 leaves Node no room to start"
	skip_if_instrumented "address-space cap and 10^7 rows: plain builds only"
	# Generated on the fly and piped in: nothing is stored.
	run sh -c 'awk "BEGIN { for (i = 0; i < 10000000; i++) print i % 1000 \",\" (i * 7) % 313 \",\" i % 17 \",\" 2 * (i % 1000) - 3 * ((i * 7) % 313) + 0.5 * (i % 17) + (i % 11) / 10 }" |
		(ulimit -v 16384; linreg --no-header -x 1,2,3 -y 4 --format csv)'
	[ "$status" -eq 0 ]
	[ "$(csvcol n)" = 10000000 ]
	approx "$(csvcol x1)" 2 1e-6
	approx "$(csvcol x2)" -3 1e-6
	approx "$(csvcol x3)" 0.5 1e-5
}
