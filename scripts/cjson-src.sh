#!/bin/sh
# cjson-src.sh DIR - put cJSON's C source (cJSON.c, cjson/cJSON.h) in DIR
# for the WebAssembly build of the CLI (make wasm).
#
# Natively linreg links Debian's libcjson, which ships no source.  The
# same source comes from Debian's archive with apt-get source: the
# version of libcjson-dev installed here (else the newest), with
# Debian's patches, checked against the archive's signed indexes.  The
# deb-src entries are made from this machine's deb entries in a private
# apt directory under build/, so the system's apt set-up is not touched.
# Nothing of cJSON is committed to this tree.
set -eu
dir=$1
[ -f "$dir/cJSON.c" ] && [ -f "$dir/cjson/cJSON.h" ] && exit 0

top=$(pwd)
apt=$top/build/apt
rm -rf "$apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" \
	"$apt/sources.list.d" "$apt/src"

# deb-src twins of every enabled deb entry, one-line and deb822 styles.
if [ -f /etc/apt/sources.list ]; then
	sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
		>"$apt/sources.list"
else
	: >"$apt/sources.list"
fi
for f in /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" \
		>>"$apt/sources.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" >"$apt/sources.list.d/${f##*/}"
done

set -- -q -o Dir::Etc::SourceList="$apt/sources.list" \
	-o Dir::Etc::SourceParts="$apt/sources.list.d" \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
	-o Debug::NoLocking=true
fail() {
	echo "linreg: could not get cJSON's source from Debian's archive ($1)" >&2
	echo "It needs apt-get and dpkg-source:  sudo apt-get install -y dpkg-dev" >&2
	exit 1
}
command -v dpkg-source >/dev/null 2>&1 || fail "dpkg-source is missing"
apt-get "$@" update >&2 || fail "apt-get update"

ver=$(dpkg-query -W -f '${source:Version}' libcjson-dev 2>/dev/null || true)
cd "$apt/src"
# apt-get source as root downloads as root (the _apt user cannot write
# here): say so once, not as a warning for each file.
if [ -n "$ver" ] && apt-get "$@" -o APT::Sandbox::User=root \
	source "cjson=$ver" >&2; then
	:
else
	apt-get "$@" -o APT::Sandbox::User=root source cjson >&2 ||
		fail "apt-get source cjson"
fi
src=$(find . -maxdepth 2 -name cJSON.c | head -n 1)
[ -n "$src" ] || fail "no cJSON.c in the source package"
src=${src%/cJSON.c}
cd "$top"
mkdir -p "$dir/cjson"
cp "$apt/src/$src/cJSON.c" "$dir/cJSON.c"
cp "$apt/src/$src/cJSON.h" "$dir/cjson/cJSON.h"
cp "$apt/src/$src/LICENSE" "$dir/LICENSE"
echo "cJSON source: $(cd "$apt/src" && ls ./*.dsc | sed 's|^\./||')" >&2
rm -rf "$apt"
