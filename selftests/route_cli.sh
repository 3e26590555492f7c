#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vrnl route: routes of a VR with one vport, checked against what iproute2
# prints for the same routes on a real netns ("ref"): text, -d, -o, -j,
# selectors, flush, get, errors and exit codes, VR selection, batch
# round trip, monitor.  Needs the route and port parts of vrs.ko and
# `vrnl link` (ports).  route_diff.sh compares against ip line by line.
source "$(dirname "$0")/lib.sh"

VP=vveth0	# the vport of veth0, and the device of the same name in ref

# Routes as `ip route add` / `vrnl route add` arguments (VP = the device).
ROUTES4=(
	"10.0.0.0/24 dev VP"
	"default via 10.0.0.254 dev VP"
	"10.1.0.0/16 via 10.0.0.2 dev VP"
	"10.2.0.0/16 via 10.0.0.3"
	"blackhole 10.3.0.0/16"
	"unreachable 10.4.0.0/16 metric 5"
	"prohibit 10.5.0.0/16"
	"10.6.0.0/16 via 10.0.0.2 dev VP metric 100 proto static"
	"10.7.0.0/16 nexthop via 10.0.0.2 dev VP weight 2 nexthop via 10.0.0.3 dev VP"
	"10.8.0.0/16 via 10.9.9.9 dev VP onlink"
	"10.10.0.0/16 dev VP scope global proto 99"
	"10.15.0.1 via 10.0.0.3 dev VP proto bgp"
)
ROUTES6=(
	"2001:db8::/64 dev VP"
	"2001:db8:1::/48 via 2001:db8::2 dev VP"
	"2001:db8:2::/48 dev VP metric 5"
	"2001:db8:4::/48 nexthop via 2001:db8::2 dev VP weight 3 nexthop via 2001:db8::3 dev VP"
	"default via fe80::1 dev VP"
)

setup() {
	vrnl vr add red &&
	ip link add veth0 type veth peer name veth1 &&
	ip link set veth0 up && ip link set veth1 up &&
	vrnl link set dev veth0 vr red &&
	# No link-local addresses on either side: their kernel routes would
	# differ with the timing of address configuration.
	ip link set $VP addrgenmode none && ip link set $VP up &&
	ip netns add ref &&
	ip -n ref link add $VP type veth peer name p0 &&
	ip -n ref link set $VP addrgenmode none &&
	ip -n ref link set $VP up && ip -n ref link set p0 up &&
	ip -n ref addr add 10.0.0.1/32 dev $VP &&
	ip -n ref addr add 2001:db8::1/128 dev $VP nodad
}

cleanup() {
	ip netns del ref 2>/dev/null
	ip link del veth0 2>/dev/null
	vrnl vr show 2>/dev/null | while read -r n _; do vrnl vr del "$n"; done
}

add_all() {	# add_all CMD... : every route through CMD
	local r
	for r in "${ROUTES4[@]}" "${ROUTES6[@]}"; do
		"$@" route add ${r//VP/$VP} || { echo "add $r failed"; return 1; }
	done
}

# ip's output for the ref netns, without the kernel's own routes.
ref_show() { ip -n ref "$@" | grep -v 'proto kernel'; }

t_same_as_ip() {
	add_all ip -n ref && add_all vrnl || return 1
	local o
	# IPv4 in the same order as ip (by address, then length); the IPv6
	# FIB dumps in tree order, so those are compared sorted, one per line.
	for o in "" "-d" "-o" "-s"; do
		# shellcheck disable=SC2086
		expect 0 "$(ref_show $o route show)" "" -- vrnl $o route show || return 1
	done
	for o in "-o" "-o -d"; do
		# shellcheck disable=SC2086
		expect 0 "$(ref_show -6 $o route show | sort)" "" -- \
			sh -c "vrnl -6 $o route show | sort" || return 1
	done
	# ip -j keeps the kernel routes in its array; compare route by route
	python3 - "$(ip -n ref -j route show)" "$(vrnl -j route show)" <<-'EOF' || return 1
	import json, sys
	ref = [r for r in json.loads(sys.argv[1]) if r.get("protocol") != "kernel"]
	got = json.loads(sys.argv[2])
	assert ref == got, (ref, got)
	EOF
	vrnl -j -p route show | python3 -c 'import json,sys; json.load(sys.stdin)'
}

t_selectors() {
	local s
	for s in "dev $VP" "proto static" "proto boot" "scope link" "type blackhole" \
		 "via 10.0.0.2" "via 10.0.0.0/24" "root 10.0.0.0/8" "match 10.1.2.3" \
		 "exact 10.1.0.0/16" "10.1.0.0/16" "metric 5" "default" "all"; do
		# shellcheck disable=SC2086
		expect 0 "$(ref_show route show $s)" "" -- vrnl route show $s || return 1
	done
	expect 0 "$(ref_show -6 route show match 2001:db8:4::1)" "" -- \
		vrnl -6 route show match 2001:db8:4::1
}

t_get() {
	expect 0 "10.1.2.3 via 10.0.0.2 dev $VP uid 0 
    cache " "" -- vrnl route get 10.1.2.3 &&
	expect 0 "10.1.0.0/16 via 10.0.0.2 dev $VP " "" -- vrnl route get fibmatch 10.1.2.3 &&
	expect 2 "" "RTNETLINK answers: Invalid argument" -- vrnl route get 10.3.0.1 &&
	expect 2 "" "RTNETLINK answers: No route to host" -- vrnl route get 10.4.0.1 &&
	expect 2 "" "RTNETLINK answers: Permission denied" -- vrnl route get 10.5.0.1 &&
	expect 0 "2001:db8:1::5 from :: via 2001:db8::2 dev $VP metric 1024 pref medium" "" -- \
		vrnl route get 2001:db8:1::5
}

t_kernel_errors() {
	expect 2 "" "RTNETLINK answers: File exists" -- vrnl route add 10.1.0.0/16 via 10.0.0.2 dev $VP &&
	expect 2 "" "RTNETLINK answers: No such process" -- vrnl route del 10.99.0.0/16 &&
	expect 2 "" "RTNETLINK answers: No such file or directory" -- \
		vrnl route change 10.99.0.0/16 dev $VP &&
	expect 2 "" "Error: Device is not a port or vport of this VR." -- \
		vrnl route add 10.99.0.0/16 dev lo &&
	expect 2 "" "Error: Nexthop has invalid gateway." -- vrnl route add 10.99.0.0/16 via 192.0.2.1 &&
	expect 2 "" "Error: Invalid prefix for given prefix length." -- \
		vrnl route add 10.99.1.0/16 dev $VP &&
	expect 1 "" 'Cannot find device "nosuch"' -- vrnl route add 10.99.0.0/16 dev nosuch &&
	expect 1 "" "Error: No VR with this name." -- vrnl -V nosuch route show &&
	expect 1 "" "Error: No VR with this id." -- vrnl route show table 99
}

t_modify() {
	expect 0 "" "" -- vrnl route add 10.20.0.0/16 dev $VP &&
	expect 0 "" "" -- vrnl route change 10.20.0.0/16 via 10.0.0.2 dev $VP &&
	expect 0 "10.20.0.0/16 via 10.0.0.2 dev $VP " "" -- vrnl route show 10.20.0.0/16 &&
	expect 0 "" "" -- vrnl r r 10.20.0.0/16 via 10.0.0.3 dev $VP &&
	expect 0 "" "" -- vrnl r ap 10.20.0.0/16 dev $VP metric 7 &&
	expect 0 "" "" -- vrnl r p 10.20.0.0/16 dev $VP metric 3 &&
	expect 0 "10.20.0.0/16 via 10.0.0.3 dev $VP 
10.20.0.0/16 dev $VP scope link metric 3 
10.20.0.0/16 dev $VP scope link metric 7 " "" -- vrnl ro sh 10.20.0.0/16 &&
	expect 0 "" "" -- vrnl r d 10.20.0.0/16 metric 7 &&
	expect 0 "" "" -- vrnl route flush 10.20.0.0/16 &&
	expect 0 "" "" -- vrnl route show 10.20.0.0/16
}

t_flush() {
	expect 0 "" "" -- vrnl route flush proto static &&
	expect 0 "" "" -- vrnl route show proto static &&
	expect 0 "Nothing to flush." "" -- vrnl -s route flush proto static &&
	expect 0 "
*** Round 1, deleting 1 entries ***
*** Flush is complete after 1 round ***" "" -- vrnl -s route flush proto bgp
}

# Routes and FIB bytes of VR red from `vrnl -j -s vr show`:
# "INET INET6 FIB_BYTES_INET FIB_BYTES_INET6".
vr_routes() {
	vrnl -j -s vr show red | python3 -c 'import json, sys
v = json.load(sys.stdin)[0]
print(v["routes"]["inet"], v["routes"]["inet6"], v["fib_bytes"]["inet"], v["fib_bytes"]["inet6"])'
}

# Thousands of routes: vr show -s counts them; the deletes of a round go
# in several batch requests (VRNL_BATCH_MAX=7 makes them many); two
# flushes of the same routes at once both succeed: a route the other one
# deleted first is no error, and the ops after it in the same request
# still run.
t_flush_many() {
	local before i pids=() a4 a6 fib4 fib6 b4 b6 fib4b fib6b
	before=$(vrnl route show; vrnl -6 route show)
	for ((i = 0; i < 3000; i++)); do
		echo "route add 10.40.$((i / 250)).$((i % 250 + 1)) dev $VP"
	done >/tmp/flush_many.batch
	for ((i = 1; i <= 1000; i++)); do
		printf 'route add 2001:db8:40::%x/128 dev %s\n' $i $VP
	done >>/tmp/flush_many.batch
	read -r a4 a6 fib4 fib6 < <(vr_routes) && [ -n "$fib6" ] || return 1
	vrnl -batch /tmp/flush_many.batch || return 1
	# vr show -s counts them (text as JSON), and the IPv4 FIB grew.
	read -r b4 b6 fib4b fib6b < <(vr_routes)
	[ "$((b4 - a4)) $((b6 - a6))" = "3000 1000" ] && [ "$fib4b" -gt "$fib4" ] ||
		{ echo "vr show -s: $a4 $a6 $fib4 $fib6 -> $b4 $b6 $fib4b $fib6b"; return 1; }
	expect 0 "$b4 $b6 $fib4b $fib6b" "" -- sh -c \
		"vrnl -s vr show red | awk '/routes:/ { getline; print \$1, \$2, \$3, \$4; exit }'" ||
		return 1
	expect 0 "
*** Round 1, deleting 3000 entries ***
*** Flush is complete after 1 round ***" "" -- \
		env VRNL_BATCH_MAX=7 vrnl -s route flush root 10.40.0.0/16 &&
	expect 0 "" "" -- vrnl route show root 10.40.0.0/16 &&
	expect 0 "1000" "" -- sh -c "vrnl -6 route show root 2001:db8:40::/48 | wc -l" || return 1
	# Both start when the go file appears, so that their deletes overlap.
	rm -f /tmp/flush_many.go
	for i in 1 2; do
		sh -c "until [ -e /tmp/flush_many.go ]; do :; done
			VRNL_BATCH_MAX=$((i * 2 + 1)) \
			exec vrnl -6 route flush root 2001:db8:40::/48" \
			>/tmp/flush_many.$i 2>&1 &
		pids+=($!)
	done
	sleep 0.5
	touch /tmp/flush_many.go
	for i in 1 2; do
		wait "${pids[i - 1]}" ||
			{ echo "flush $i failed: $(cat /tmp/flush_many.$i)"; return 1; }
	done
	# A dump that overlapped the other flush's deletes says so, as ip's.
	expect 1 "" "" -- grep -v -x "Dump was interrupted and may be inconsistent." \
		/tmp/flush_many.1 /tmp/flush_many.2 &&
	expect 0 "" "" -- vrnl -6 route show root 2001:db8:40::/48 &&
	expect 0 "$before" "" -- sh -c "vrnl route show; vrnl -6 route show"
}

t_vr_selection() {
	expect 0 "*" "" -- vrnl route show table red &&
	expect 0 "*" "" -- vrnl -V red route show &&
	expect 0 "*" "" -- vrnl route show vrf 1 &&
	vrnl vr add blue || return 1
	expect 1 "" 'Error: 2 VRs exist in this network namespace; choose one with "-V NAME|ID" or "table NAME|ID".' -- \
		vrnl route show &&
	expect 0 "" "" -- vrnl -V blue route show &&
	expect 255 "" 'Error: "table blue" and "-V red" name different VRs.' -- \
		vrnl -V red route show table blue
	local rc=$?
	vrnl vr del blue
	return $rc
}

# `route -o -d show` fed back to `route add` (multipath lines unfolded)
# rebuilds the table; -d because plain show leaves out "scope global",
# which add would then default to "scope link" (as with ip).  The flush
# is "root ::/0": to ip (and vrnl) `-6 route flush all` is a /0 prefix
# and flushes the default route only.
t_roundtrip() {
	local saved4 saved6
	saved4=$(vrnl -o -d route show) && saved6=$(vrnl -6 -o -d route show) || return 1
	vrnl route flush root 0/0 && vrnl -6 route flush root ::/0 || return 1
	expect 0 "" "" -- vrnl route show && expect 0 "" "" -- vrnl -6 route show ||
		return 1
	# The routes gateways resolve through first: this VR has no
	# addresses, its connected routes are in the list (ip too checks
	# that a gateway is on a link when the route is added).
	printf '%s\n' "$saved4" "$saved6" | sed 's/ *\\\t/ /g; s/^/route add /' |
		awk '/ via /{ gw = gw $0 "\n"; next } 1; END { printf "%s", gw }' \
		>/tmp/route_rt.batch
	vrnl -batch /tmp/route_rt.batch || { cat -n /tmp/route_rt.batch; return 1; }
	expect 0 "$saved4" "" -- vrnl -o -d route show &&
	expect 0 "$saved6" "" -- vrnl -6 -o -d route show
}

t_monitor() {
	local out=/tmp/route_mon.out pid
	vrnl monitor route > $out &
	pid=$!
	sleep 0.5
	vrnl route add 10.30.0.0/16 dev $VP && vrnl route del 10.30.0.0/16
	sleep 0.5
	kill "$pid"
	wait "$pid" 2>/dev/null
	expect 0 "10.30.0.0/16 dev $VP scope link 
Deleted 10.30.0.0/16 dev $VP scope link " "" -- cat $out
}

t_no_vr() {
	cleanup
	expect 1 "" 'Error: no VR exists in this network namespace; create one with "vrnl vr add NAME".' -- \
		vrnl route show
}

need_vrs || exit "$KSFT_SKIP"
vrnl link help 2>&1 | grep -q "vrnl link set" || { echo "# vrnl link missing"; exit "$KSFT_SKIP"; }
cleanup
tap_plan 12
if setup; then
	run_test "same output as ip" t_same_as_ip
	run_test "selectors" t_selectors
	run_test "get" t_get
	run_test "kernel errors" t_kernel_errors
	run_test "change/replace/append/prepend" t_modify
	run_test "flush" t_flush
	run_test "thousands of routes: counted, flushed, twice at once" t_flush_many
	run_test "VR selection" t_vr_selection
	run_test "show fed back to add" t_roundtrip
	run_test "monitor route" t_monitor
else
	for i in 1 2 3 4 5 6 7 8 9 10; do fail "setup"; done
fi
run_test "no VR" t_no_vr
run_test "argument errors need no kernel" expect 255 "" \
	'Error: argument "abc" is wrong: "metric" value is invalid' -- \
	vrnl route add 10/8 metric abc
cleanup
tap_finish
