#!/bin/sh
# fresh-check.sh [DIR] - the README's set-up promise, checked: the two
# commands `make demo` and `make test` on a fresh Debian 12.
#
#	sudo sh scripts/fresh-check.sh          # cache in build/fresh
#	sudo sh scripts/fresh-check.sh /var/tmp/lr-fresh
#
# Run by hand, as root (debootstrap and chroot need it), from the top of
# the tree; a run takes about 10 minutes, more the first time.  It
#
#   1. builds a minimal Debian 12 root (debootstrap --variant=minbase,
#      then build-essential and git: what the README assumes) and keeps
#      it as DIR/bookworm-base.tar, so that later runs start in seconds
#      from the same untouched system;
#   2. unpacks that into DIR/root, clones this repository's committed
#      HEAD (`git clone`: uncommitted changes are not checked) into
#      /work/linreg there, and copies ../shared (or $LINREG_SHARED) to
#      /work/shared beside it;
#   3. runs `make demo`, then `make test`, as root in a chroot with
#      /proc, /sys, /dev/pts and /dev/shm mounted (all unmounted on exit,
#      failure and interrupt included), with the whole output in
#      DIR/fresh.log.
#
# The last line is make test's own: "N passed, N failed"; the exit status
# is 0 when both commands succeeded.  The packages come from the Debian
# mirror this machine's apt uses (the first in /etc/apt/sources.list*;
# MIRROR=URL to choose another), bookworm with its updates and security
# suites, as a fresh install has them.  Needs debootstrap (installed
# with apt-get when missing).  LIMIT (seconds, default 10800) bounds the
# whole make test, a last resort behind the tests' own timeouts.
set -eu

# The whole script is one command, read before it runs: sh reads a file
# as it goes, and an edit of this file during an hour-long run (a commit,
# a checkout) would otherwise break its end.
{
die() {
	echo "fresh-check: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot): sudo sh $0 $*"
top=$(git rev-parse --show-toplevel 2>/dev/null) ||
	die "run it from inside the linreg repository"
dir=${1:-$top/build/fresh}
shared=${LINREG_SHARED:-$top/../shared}
[ -d "$shared/data" ] || die "no reference data in $shared (set LINREG_SHARED)"
limit=${LIMIT:-10800}
suite=bookworm
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/root
base=$dir/$suite-base.tar
log=$dir/fresh.log

# The mirror: the first Debian archive URL this machine's apt names
# (deb822 "URIs:" or one-line "deb URL"), not one of the security suite.
if [ -z "${MIRROR:-}" ]; then
	MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -n -e 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' \
			-e 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\).*/\2/p' |
		grep '/debian/\{0,1\}$' | head -n 1)
	[ -n "$MIRROR" ] || die "no Debian mirror in /etc/apt/sources.list*; set MIRROR=URL"
fi
MIRROR=${MIRROR%/}
security=${MIRROR%/debian}/debian-security

# Nothing may stay mounted inside $root when it is removed: rm -rf goes
# through mount points (/proc and /sys are the host's).
mounted() {
	awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts
}
cleanup() {
	# Any process still running in the chroot (a test left behind by an
	# interrupt), by its id, then the mounts, innermost first.
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] &&
			kill -KILL "${p#/proc/}" 2>/dev/null
	done
	for m in $(mounted | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			echo "fresh-check: could not unmount $m" >&2
	done
	return 0
}
trap 'cleanup' EXIT
trap 'echo "fresh-check: interrupted" >&2; exit 130' INT
trap 'echo "fresh-check: terminated" >&2; exit 143' TERM
trap 'echo "fresh-check: hung up" >&2; exit 129' HUP

command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || {
	echo "fresh-check: installing debootstrap" >&2
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
}
PATH=$PATH:/usr/sbin:/sbin

# /dev is debootstrap's own (null, zero, tty...), not the host's bound
# in: a stray rm -rf of the root (make clean of build/) cannot reach the
# host's devices.  Its own pseudo-terminals and shared memory.
mount_all() {
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mkdir -p "$root/dev/pts" "$root/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
	rm -f "$root/dev/ptmx"
	ln -s pts/ptmx "$root/dev/ptmx"
	mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}
in_root() {
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"
}
fresh_root() {
	[ -z "$(mounted)" ] || die "still mounted under $root: $(mounted)"
	rm -rf --one-file-system "$root"
	mkdir -p "$root"
}

# 1. The base system, once.
if [ ! -f "$base" ]; then
	echo "fresh-check: debootstrap $suite from $MIRROR into $root" >&2
	fresh_root
	debootstrap --variant=minbase "$suite" "$root" "$MIRROR" >"$dir/debootstrap.log" 2>&1 ||
		die "debootstrap failed: see $dir/debootstrap.log"
	cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR $suite main
deb $MIRROR $suite-updates main
deb $security $suite-security main
EOF
	mount_all
	in_root sh -c 'apt-get update -qq && apt-get install -y -qq build-essential git && apt-get clean' \
		>>"$dir/debootstrap.log" 2>&1 &
	wait $! || die "apt-get install build-essential git failed: see $dir/debootstrap.log"
	cleanup
	tar -C "$root" -cf "$base.part" . && mv "$base.part" "$base"
fi

# 2. A fresh copy of it, the repository and the reference data.
echo "fresh-check: fresh root from $base" >&2
fresh_root
tar -C "$root" -xf "$base"
mkdir -p "$root/work"
git clone -q "$top" "$root/work/linreg"
cp -R "$shared" "$root/work/shared"
echo "fresh-check: $(git -C "$root/work/linreg" log -1 --format='%h %s')" >&2
mount_all

# 3. The README's two commands.
echo "fresh-check: make demo; make test (log: $log)" >&2
# In the background, waited for: sh runs a trap only once the foreground
# command is over, and an interrupt must end the run (and clean up) now.
set +e
in_root sh -c 'cd /work/linreg && make demo' >"$log" 2>&1 &
wait $!
demo=$?
if [ $demo -ne 0 ]; then
	tail -n 20 "$log"
	echo "fresh-check: make demo failed ($demo)"
	exit 1
fi
in_root timeout -k 60 "$limit" sh -c 'cd /work/linreg && make test' >>"$log" 2>&1 &
wait $!
status=$?
set -e
grep -E '^not ok|^# (bats|timeout)|timed out' "$log" | head -n 60
# tests/run.sh's last line (make may add its own "Error" after it)
result=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -z "$result" ]; then
	tail -n 20 "$log"
	result="make test did not finish (status $status): see $log"
fi
echo "$result"
[ $status -eq 0 ]
exit
}
