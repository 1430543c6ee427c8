#!/bin/sh
# deps.sh build|wasm|test|sanitize|ci|bench - make sure the Debian packages
# linreg needs are here, installing the missing ones when we are root (or have
# password-less sudo), else printing the exact command to run.
#
#   build: a C compiler, make, cJSON (libcjson-dev)
#   wasm:  the above, plus clang 14, lld, wasi-libc and the wasm32
#          compiler runtime (make wasm), and dpkg-dev, whose dpkg-source
#          unpacks cJSON's source from Debian's archive
#   test:  the above, plus bats, jq, groff (man page lint), GNU
#          parallel, Node.js (the WebAssembly tests), a comma-decimal
#          locale (de_DE.UTF-8, from the locales package's sources) for
#          the locale tests, procps (bats's per-test timeout and the
#          tests' clean-up kill with ps and pkill), and Python 3 and
#          Chromium, which check --svg pictures (well-formed XML; pixels
#          of a headless rendering).  Everything else the tests run is
#          in every Debian system (coreutils' timeout, mkfifo, truncate;
#          mawk; diffutils; libc-bin's iconv and localedef).
#   sanitize: test's, plus clang's sanitizer runtimes (make sanitize,
#          which takes clang-14 when there is no clang)
#   ci:    the above, plus clang with its sanitizer and libFuzzer
#          runtimes, valgrind, cppcheck and clang-tidy
#   bench: build's, plus what `make bench` times linreg against: mawk,
#          gawk, Miller, datamash, Python 3 with pandas, numpy and
#          statsmodels, Node.js and npm (DuckDB comes from npm, into
#          build/bench), and GNU time for peak memory
set -u
what=${1:-build}
missing=""

have_header() {
	printf '#include <%s>\nint main(void){return 0;}\n' "$1" |
		${CC:-cc} -x c -o /dev/null - >/dev/null 2>&1
}

command -v ${CC:-cc} >/dev/null 2>&1 || missing="$missing gcc"
have_header cjson/cJSON.h || missing="$missing libcjson-dev"
if [ "$what" != build ] && [ "$what" != bench ]; then
	command -v ${WASM_CC:-clang-14} >/dev/null 2>&1 || missing="$missing clang-14"
	command -v wasm-ld-14 >/dev/null 2>&1 || command -v wasm-ld >/dev/null 2>&1 ||
		missing="$missing lld-14"
	[ -f /usr/lib/wasm32-wasi/libc.a ] || missing="$missing wasi-libc"
	[ -n "$(find /usr/lib/llvm-14/lib/clang -name libclang_rt.builtins-wasm32.a 2>/dev/null | head -n 1)" ] ||
		missing="$missing libclang-rt-14-dev-wasm32"
	command -v dpkg-source >/dev/null 2>&1 || missing="$missing dpkg-dev"
fi
if [ "$what" = test ] || [ "$what" = sanitize ] || [ "$what" = ci ]; then
	command -v bats >/dev/null 2>&1 || missing="$missing bats"
	command -v groff >/dev/null 2>&1 || missing="$missing groff-base"
	# localedef is in every system (libc-bin); the locale sources and
	# character maps it needs are not.
	[ -f /usr/share/i18n/locales/de_DE ] && [ -d /usr/share/i18n/charmaps ] ||
		missing="$missing locales"
	command -v pkill >/dev/null 2>&1 && command -v ps >/dev/null 2>&1 ||
		missing="$missing procps"
	command -v jq >/dev/null 2>&1 || missing="$missing jq"
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	parallel --version 2>/dev/null | grep -q "GNU parallel" || missing="$missing parallel"
	command -v python3 >/dev/null 2>&1 || missing="$missing python3"
	command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fi

if [ "$what" = bench ]; then
	[ -x /usr/bin/time ] || missing="$missing time"
	command -v mawk >/dev/null 2>&1 || missing="$missing mawk"
	command -v gawk >/dev/null 2>&1 || missing="$missing gawk"
	command -v mlr >/dev/null 2>&1 || missing="$missing miller"
	command -v datamash >/dev/null 2>&1 || missing="$missing datamash"
	# bench.sh takes the first python3 (on PATH, else Debian's) that
	# has all three modules; Debian's packages are for /usr/bin/python3
	if ! python3 -c 'import numpy, pandas, statsmodels' 2>/dev/null; then
		[ -x /usr/bin/python3 ] || missing="$missing python3"
		for m in numpy pandas statsmodels; do
			/usr/bin/python3 -c "import $m" 2>/dev/null || missing="$missing python3-$m"
		done
	fi
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
if [ "$what" = sanitize ]; then
	[ -n "$(find /usr/lib/llvm-*/lib/clang -name 'libclang_rt.asan*.a' 2>/dev/null | head -n 1)" ] ||
		missing="$missing libclang-rt-14-dev"
fi
if [ "$what" = ci ]; then
	command -v clang >/dev/null 2>&1 || missing="$missing clang"
	[ -n "$(find /usr/lib/llvm-*/lib/clang -name 'libclang_rt.fuzzer*.a' 2>/dev/null | head -n 1)" ] ||
		missing="$missing libclang-rt-14-dev"
	command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
	command -v cppcheck >/dev/null 2>&1 || missing="$missing cppcheck"
	command -v clang-tidy >/dev/null 2>&1 || missing="$missing clang-tidy"
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		sudo=""
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo="sudo -n"
	else
		echo "linreg: missing packages:$missing" >&2
		echo "Install them with:  sudo apt-get install -y$missing" >&2
		exit 1
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "linreg: missing:$missing (no apt-get here; install them with your package manager)" >&2
		exit 1
	fi
	echo "linreg: installing$missing" >&2
	$sudo apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >&2 || {
		echo "linreg: could not install:$missing" >&2
		echo "Install them with:  sudo apt-get install -y$missing" >&2
		exit 1
	}
fi

# The locale tests need a locale whose decimal separator is a comma.
if [ "$what" != build ] && [ "$what" != wasm ] && [ "$what" != bench ] && ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	if [ "$(id -u)" = 0 ] && command -v localedef >/dev/null 2>&1; then
		localedef -i de_DE -f UTF-8 de_DE.UTF-8 >&2 ||
			echo "linreg: could not generate the de_DE.UTF-8 locale" >&2
	else
		echo "linreg: the locale tests need de_DE.UTF-8: run  sudo localedef -i de_DE -f UTF-8 de_DE.UTF-8" >&2
	fi
fi
exit 0
