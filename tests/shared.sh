# shared.sh - where the reference data is, and what of it is missing.
# Sourced (POSIX sh and bash) by tests/run.sh and tests/cli/helper.bash,
# so that both look in the same place and name the same files.
#
# The reference data (NIST's certified regressions, the edge seed
# request) is not in this tree: it lives in a sibling directory,
# ../shared (data/nist, data/seed), or wherever LINREG_SHARED points.

# shared_dir TOP: the directory holding data/nist and data/seed
shared_dir() {
	printf '%s\n' "${LINREG_SHARED:-$1/../shared}"
}

# shared_missing DIR: print each reference file missing from DIR
shared_missing() {
	for f in nist/Norris.csv nist/Norris.cert.json nist/Longley.csv \
	    nist/Longley.cert.json nist/Pontius.csv nist/Pontius.cert.json \
	    nist/Wampler1.csv nist/Wampler1.cert.json seed/iris-request.json; do
		[ -r "$1/data/$f" ] || printf '%s\n' "$1/data/$f"
	done
}

# shared_advice DIR: how to point the tests at the data
shared_advice() {
	printf '%s\n' \
	    "the reference data is missing from $1 (looked for data/nist and data/seed there)." \
	    "Tests that read it cannot run.  Point LINREG_SHARED at the directory holding" \
	    "data/nist and data/seed, e.g.  make test LINREG_SHARED=/path/to/shared" \
	    "(or export LINREG_SHARED=/path/to/shared; bats tests/cli)."
}
