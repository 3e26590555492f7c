#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Differential test of `vrnl route` against `ip route`: every script of
# selftests/route_corpus/ runs line by line with `ip -n ref LINE` against a
# scratch namespace and with `vrnl LINE` against a VR named "main" (the VR
# plays ip's table main, so "table main" means the same to both).  The ref
# namespace has devices named like the VR's vports, with the same
# addresses, so both start from the same kernel routes.  Per line, stdout,
# stderr and the exit code must be identical; one TAP case per script, a
# unified diff of the two transcripts when they differ.
#
# Corpus syntax (one command per line, ip's words; no quoting):
#   # ...                  a comment
#   LINE                   run by both tools, compared
#   LINE  #x: REASON       excluded: listed in the TAP output, not run
#   @roundtrip             for each tool: `-o -d route show` of both
#                          families (but the routes of addresses), reset,
#                          the saved lines fed back to `route add` through
#                          -batch (multipath lines unfolded), then the
#                          tables must be as before
# Before each script both sides are reset: routes flushed, addresses
# re-added (and, for the VR, its kernel routes awaited).
# Usage: route_diff.sh [CORPUS-FILE...]
source "$(dirname "$0")/lib.sh"

CORPUS=$(dirname "$0")/route_corpus
TMP=$(mktemp -d /tmp/route_diff.XXXXXX)
STDBUF=/usr/libexec/coreutils/libstdbuf.so
# The VR's vports (of ports veth0 and veth2) and the ref devices of the
# same names; each with one IPv4 and one IPv6 subnet.
VPORTS="vveth0 vveth2"
declare -A ADDR4=([vveth0]=10.0.0.1/24 [vveth2]=10.1.0.1/24)
declare -A ADDR6=([vveth0]=2001:db8::1/64 [vveth2]=2001:db8:1::1/64)

cleanup() {
	ip netns del ref 2>/dev/null
	ip link del veth0 2>/dev/null
	ip link del veth2 2>/dev/null
	vrnl vr show 2>/dev/null | while read -r n _; do vrnl vr del "$n"; done
}

setup() {
	local p v
	vrnl vr add main && ip netns add ref || return 1
	for p in 0 2; do
		v=vveth$p
		ip link add veth$p type veth peer name veth$((p + 1)) &&
		ip link set veth$p up && ip link set veth$((p + 1)) up &&
		vrnl link set dev veth$p vr main &&
		# No link-local addresses: their routes would come and go
		# with the timing of address configuration.
		ip link set $v addrgenmode none && ip link set $v up &&
		ip -n ref link add $v type veth peer name p$p &&
		ip -n ref link set $v addrgenmode none &&
		ip -n ref link set $v up && ip -n ref link set p$p up || return 1
	done
}

# The addresses of the vports, as `ip -batch` lines.
addr_lines() {
	local v
	for v in $VPORTS; do
		echo "addr flush dev $v"
		echo "addr add ${ADDR4[$v]} dev $v"
		echo "addr add ${ADDR6[$v]} dev $v nodad"
	done
}

# Both sides back to their addresses' kernel routes only.
reset() {
	addr_lines >"$TMP/addrs"
	# (addresses first: a new namespace's table main does not exist yet)
	ip -n ref -batch "$TMP/addrs" &&
	ip -n ref route flush root 0/0 && ip -n ref -6 route flush root ::/0 &&
	ip -n ref -batch "$TMP/addrs" &&
	vrnl route flush root 0/0 && vrnl -6 route flush root ::/0 &&
	ip -batch "$TMP/addrs" || return 1
	await_routes_like ref
}

# run_line TRANSCRIPT CMD...: the command's stdout, stderr and status
# (builtins only: every process costs in the VM).
run_line() {
	local t=$1 rc l
	shift
	"$@" >>"$t" 2>"$TMP/err"
	rc=$?
	while IFS= read -r l || [ -n "$l" ]; do
		printf 'stderr: %s\n' "$l"
	done <"$TMP/err" >>"$t"
	echo "[exit $rc]" >>"$t"
}

# run_batch TRANSCRIPT CMD...: CMD -force -batch, stdout and stderr merged
# in the order of their lines.
run_batch() {
	local t=$1
	shift
	LD_PRELOAD=$STDBUF _STDBUF_O=L "$@" -force -batch "$TMP/batch" >>"$t" 2>&1
	echo "[exit $?]" >>"$t"
}

# roundtrip: for each tool, what `-o -d route show` prints (but the
# routes of addresses) goes back through `route add` after a reset (which
# leaves those), and the tables must be as before.
roundtrip() {
	local t
	for t in ref vr; do
		{ run_$t -o -d route show; run_$t -6 -o -d route show; } |
			grep -v ' proto kernel ' >"$TMP/$t.before"
		sed 's/ *\\\t/ /g; s/^/route add /' "$TMP/$t.before" >"$TMP/$t.batch"
	done
	reset || return 1
	run_line "$ref" ip -n ref -batch "$TMP/ref.batch"
	run_line "$vr" vrnl -batch "$TMP/vr.batch"
	for t in ref vr; do
		{ run_$t -o -d route show; run_$t -6 -o -d route show; } |
			grep -v ' proto kernel ' >"$TMP/$t.after"
		if cmp -s "$TMP/$t.before" "$TMP/$t.after"; then
			echo "roundtrip: the same $(wc -l <"$TMP/$t.after") routes"
		else
			echo "roundtrip: the tables differ:"
			diff "$TMP/$t.before" "$TMP/$t.after"
		fi >>"${!t}"
	done
}
run_ref() { ip -n ref "$@"; }
run_vr() { vrnl "$@"; }

# header CMD N: the line as both transcripts show it.
header() {
	printf '$ %s    # line %s\n' "$1" "$2" >>"$ref"
	printf '$ %s    # line %s\n' "$1" "$2" >>"$vr"
}

# flush_group: runs the lines collected in $TMP/batch (options $gopts).
flush_group() {
	[ -s "$TMP/batch" ] || return 0
	# shellcheck disable=SC2086
	run_batch "$ref" ip -n ref $gopts
	# shellcheck disable=SC2086
	run_batch "$vr" vrnl $gopts
	: >"$TMP/batch"
}

# run_file FILE: 0 if both transcripts are the same.  Lines with the same
# leading options run as one -batch per tool, unless the file says
# "# mode: lines": then each line runs alone and its status is compared.
run_file() {
	local f=$1 line cmd n=0 lines=0 words opts gopts=
	ref=$TMP/ref.t vr=$TMP/vr.t
	: >"$ref"
	: >"$vr"
	: >"$TMP/batch"
	grep -q '^# mode: lines' "$f" && lines=1
	reset || return 1
	while IFS= read -r line; do
		n=$((n + 1))
		cmd=${line%%#*}
		read -r -a words <<<"$cmd"
		cmd=${words[*]}
		case $line in
		*"#x:"*)
			[ -n "$cmd" ] && echo "line $n excluded: $cmd  (${line##*#x: })"
			continue ;;
		esac
		[ -z "$cmd" ] && continue
		opts=
		while [ "${words[0]}" != "${words[0]#-}" ]; do
			opts="$opts ${words[0]}"
			words=("${words[@]:1}")
		done
		if [ "$lines" = 0 ] && [ "$cmd" != @roundtrip ]; then
			[ "$opts" = "$gopts" ] || flush_group
			gopts=$opts
			echo "${words[*]}" >>"$TMP/batch"
			header "$cmd" "$n"
			continue
		fi
		flush_group
		header "$cmd" "$n"
		if [ "$cmd" = "@roundtrip" ]; then
			roundtrip
			continue
		fi
		# shellcheck disable=SC2086
		run_line "$ref" ip -n ref $cmd
		# shellcheck disable=SC2086
		run_line "$vr" vrnl $cmd
	done <"$f"
	flush_group
	# Messages that name the program ("vrnl route help") name it as ip.
	sed -i 's/"vrnl /"ip /g' "$vr"
	diff -u --label "ip ($(basename "$f"))" --label vrnl "$ref" "$vr" && return 0
	return 1
}

need_vrs || exit "$KSFT_SKIP"
vrnl link help 2>&1 | grep -q "vrnl link set" || { echo "# vrnl link missing"; exit "$KSFT_SKIP"; }
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$CORPUS"/*.txt)
cleanup
tap_plan ${#files[@]}
if setup; then
	for f in "${files[@]}"; do
		run_test "$(basename "$f" .txt)" run_file "$f"
	done
else
	for f in "${files[@]}"; do fail "$(basename "$f" .txt): setup"; done
fi
cleanup
rm -rf "$TMP"
tap_finish
