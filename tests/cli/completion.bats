#!/usr/bin/env bats
# Shell completions, generated from the option table getopt_long parses.

load helper

@test "bash: options, their values and files complete" {
	source <(linreg --completion bash)
	COMP_WORDS=(linreg --forma); COMP_CWORD=1; COMPREPLY=()
	_linreg
	[ "${COMPREPLY[*]}" = "--format" ]
	COMP_WORDS=(linreg --format j); COMP_CWORD=2; COMPREPLY=()
	_linreg
	[ "${COMPREPLY[*]}" = "json" ]
	COMP_WORDS=(linreg --input-format nd); COMP_CWORD=2; COMPREPLY=()
	_linreg
	[ "${COMPREPLY[*]}" = "ndjson" ]
	COMP_WORDS=(linreg me); COMP_CWORD=1; COMPREPLY=()
	_linreg
	[[ " ${COMPREPLY[*]} " == *" merge "* ]]
	cd "$EX"
	COMP_WORDS=(linreg height); COMP_CWORD=1; COMPREPLY=()
	_linreg
	[[ " ${COMPREPLY[*]} " == *" height-weight.csv "* ]]
}

@test "every option of --help is in every script" {
	for sh in bash zsh fish; do
		linreg --completion $sh >"$T/$sh"
		for opt in $(linreg --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
			grep -qF -- "${opt#--}" "$T/$sh" || { echo "$sh lacks $opt"; return 1; }
		done
	done
	bash -n "$T/bash"
	grep -q '^#compdef linreg' "$T/zsh"
	grep -q "^complete -c linreg -l format -x -a 'text json csv tsv state'" "$T/fish"
	run linreg --completion tcsh
	[ "$status" -eq 64 ]
}
