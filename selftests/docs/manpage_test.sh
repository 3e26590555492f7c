#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Documentation/vrnl.8: renders without warnings, and names every option
# vrnl.c reads and every option, keyword and metavariable of the usage
# texts of vrnl.c, vr.c, link.c, route.c and monitor.c, so that the page
# cannot silently drift from the code.  Host only (run-unit.sh); needs
# groff (scripts/deps.sh installs groff-base).
# shellcheck disable=SC2317 # the t_* functions are called by run_test
source "$(dirname "$0")/../lib.sh"

PAGE=$REPO/Documentation/vrnl.8
SRC=$REPO/userspace
tmp=$(mktemp -d /tmp/vrnl-manpage.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if ! command -v groff >/dev/null; then
	tap_plan 1
	skip "vrnl.8" "groff is not installed (make deps)"
	tap_finish
fi

# The page as text, on lines long enough that nothing is hyphenated.
groff -man -Tascii -rLL=2000n -P-cbou "$PAGE" 2>/dev/null >"$tmp/page.txt"

# The string literals of the usage function(s) of a source file.
usage_text() {
	awk '/usage\(void\)$/ { f = 1 } f; f && /^}/ { f = 0 }' "$1" |
		grep -oE '"([^"\\]|\\.)*"' | sed -E 's/^"//; s/"$//; s/\\n/\n/g; s/\\"/"/g'
}

# in_page WORD...: each WORD is a word of the rendered page.
in_page() {
	local w rc=0
	for w in "$@"; do
		if ! grep -qwF -- "$w" "$tmp/page.txt"; then
			echo "\"$w\" is not in vrnl.8"
			rc=1
		fi
	done
	return "$rc"
}

t_groff_warnings() {
	local out
	out=$(groff -man -ww -z "$PAGE" 2>&1) || return 1
	[ -z "$out" ] || { echo "$out"; return 1; }
}

t_man_warnings() {
	local out
	command -v man >/dev/null || return "$KSFT_SKIP"
	out=$(MANWIDTH=80 man --warnings -l "$PAGE" 2>&1 >/dev/null) || return 1
	[ -z "$out" ] || { echo "$out"; return 1; }
}

t_sections() {
	local s rc=0
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "VR SELECTION" \
		 "VIRTUAL ROUTERS" PORTS ROUTES MONITOR "BATCH MODE" \
		 "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		grep -qx "$s" "$tmp/page.txt" || { echo "no section $s"; rc=1; }
	done
	grep -q 'ip(8), ip-route(8)' "$tmp/page.txt" || { echo "SEE ALSO: ip(8), ip-route(8)"; rc=1; }
	return "$rc"
}

# Every option parse_option() accepts ("-4", "-json", ... as string
# literals), and both spellings of those of the usage ("-s[tatistics]").
t_options() {
	local opts
	opts=$( {
		awk '/^static int parse_option/,/^}/' "$SRC/vrnl.c" |
			grep -oE '"-[A-Za-z0-9]+"' | tr -d '"'
		usage_text "$SRC/vrnl.c" |
			grep -oE -- '(^|[ {|])-[A-Za-z0-9]+(\[[a-z]+\])?' |
			sed -E 's/^[ {|]//; s/^(-[A-Za-z0-9]+)\[([a-z]+)\]$/\1\n\1\2/'
	} | sort -u)
	[ "$(echo "$opts" | wc -w)" -ge 14 ] || { echo "options not found: $opts"; return 1; }
	# shellcheck disable=SC2086 # a list of words
	in_page $opts
}

# The words of the usage texts: keywords (lowercase) and metavariables
# (uppercase); the options are t_options'.
t_usage_words() {
	local f words rc=0
	for f in vrnl.c vr.c link.c route.c monitor.c; do
		words=$(usage_text "$SRC/$f" |
			sed -E 's/(^|[ {|])-[A-Za-z0-9]+(\[[a-z]+\])?/\1/g' |
			tr -c 'A-Za-z0-9_-' '\n' |
			grep -E '^([a-z][a-z0-9_-]+|[A-Z][A-Z0-9_]+)$' | sort -u)
		[ -n "$words" ] || { echo "$f: no usage text found"; rc=1; continue; }
		# shellcheck disable=SC2086 # a list of words
		in_page $words | sed "s/^/$f: /"
		[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	done
	return "$rc"
}

# The exit codes of utils.h, and the objects of vrnl.c.
t_exit_codes_and_objects() {
	local codes objs c
	codes=$(grep -oE 'VRNL_EXIT_[A-Z]+ = [0-9]+' "$SRC/utils.h" | awk '{ print $3 }')
	objs=$(awk '/^} objects\[\] = \{/,/^};/' "$SRC/vrnl.c" | grep -oE '\{ "[a-z]+"' | tr -d '{ "')
	if [ "$(echo "$codes" | wc -w)" -ne 4 ] || [ -z "$objs" ]; then
		echo "exit codes or objects not found in the source"
		return 1
	fi
	# shellcheck disable=SC2086 # lists of words
	in_page $objs || return 1
	for c in $codes; do
		awk '/^EXIT STATUS/ { f = 1 } /^FILES/ { f = 0 } f' "$tmp/page.txt" |
			grep -qE "^ +$c +" || { echo "exit status $c is not in EXIT STATUS"; return 1; }
	done
}

tap_plan 6
run_test "vrnl.8: groff -man -ww renders it without warnings" t_groff_warnings
run_test "vrnl.8: man --warnings renders it without warnings" t_man_warnings
run_test "vrnl.8: iproute2's sections" t_sections
run_test "vrnl.8: every option of vrnl.c" t_options
run_test "vrnl.8: every word of the usage texts" t_usage_words
run_test "vrnl.8: exit codes and objects" t_exit_codes_and_objects
tap_finish
