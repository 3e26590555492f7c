#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bulk route load: `vrnl -batch` into a VR against `ip -batch` into a
# kernel table, the same script of "route add PREFIX via GW dev DEV" lines
# (../shared/data/bgp-prefixes-2026.txt.gz), in the test VM (`make
# bench-batch`, see bench/batch.md).  Prints routes/s of each and the
# ratio; also vrnl with one route per request (VRNL_BATCH_MAX=1, what
# -batch did before ROUTE_BATCH) on the first OLD_COUNT lines.  Then
# each table is emptied with `route flush root 0/0` and `-6 route flush
# root ::/0` (vrnl's deletes batched, and with VRNL_BATCH_MAX=1 one per
# request, as vrnl flushed before).
#
# Usage: bench/batch.sh [COUNT]   COUNT: first COUNT prefixes (default all)
# Env:   OLD_COUNT (default 100000; 0 skips the one-per-request run)
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$PWD/userspace:$PATH"
DATA=${DATA:-../shared/data/bgp-prefixes-2026.txt.gz}
COUNT=${1:-0}
OLD_COUNT=${OLD_COUNT:-100000}
T=$(mktemp -d /tmp/vrs-bench-batch.XXXXXX)
trap 'rm -rf "$T"; ip netns del bip 2>/dev/null || :; ip netns del bvr 2>/dev/null || :' EXIT

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

# The one script both tools load; IPv4 and IPv6 gateways on one device.
# (head closes the pipe early: zcat's SIGPIPE is no failure; the data
# file has CRLF line ends)
{ zcat "$DATA" || true; } | { if [ "$COUNT" -gt 0 ]; then head -n "$COUNT"; else cat; fi; } |
	awk '{ sub(/\r$/, ""); print "route add " $1 " via " (index($1, ":") ? "2001:db8::2" : "10.0.0.2") " dev bd0" }' \
	> "$T/routes"
N=$(wc -l < "$T/routes")
N6=$(grep -c : "$T/routes" || true)
{ head -n "$OLD_COUNT" "$T/routes" || true; } > "$T/routes.old"
NOLD=$(wc -l < "$T/routes.old")

# A namespace with bd0 (10.0.0.1/24, 2001:db8::1/64); $2: how bd0 is made.
make_ns() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.route.max_size=2147483647
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0
	ip netns exec "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0
	ip netns exec "$1" bash -c "$2"
	ip -n "$1" link set bd0 up
	ip -n "$1" addr add 10.0.0.1/24 dev bd0
	ip -n "$1" addr add 2001:db8::1/64 dev bd0 nodad
}

# A VR "bench" whose vport bd0 is on a veth port, in namespace $1.
make_vr_ns() {
	make_ns "$1" "ip link add bp0 type veth peer name bp0p && ip link set bp0 up &&
		vrnl vr add bench && vrnl link set dev bp0 vr bench vport bd0"
	for _ in $(seq 200); do	# kernel routes follow the addresses
		ip netns exec "$1" vrnl -6 route show | grep -q '^2001:db8::/64' && return 0
		sleep 0.05
	done
	echo "no kernel routes on bd0" >&2
	return 1
}

# time_load NAME CMD...: runs CMD, prints and returns the seconds taken.
time_load() {
	local name=$1 t0 t1 rc
	shift
	t0=$(now)
	TIMEFORMAT="# $name: %Us user, %Ss system"
	time "$@" && rc=0 || rc=$?
	t1=$(now)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	[ "$rc" = 0 ] || { echo "$name: exit $rc" >&2; exit 1; }
}

# time_flush NAME NETNS TOOL...: empties both families' tables of NETNS
# with TOOL (`ip`, or `vrnl` with its environment) and checks they are
# empty.  Like ip, vrnl gives up with exit 1 once a round has taken
# over 30 s, even when that round deleted everything: only what is left
# counts here.
time_flush() {
	local name=$1 ns=$2 t0 t1 left
	shift 2
	t0=$(now)
	ip netns exec "$ns" "$@" route flush root 0/0 >/dev/null || :
	ip netns exec "$ns" "$@" -6 route flush root ::/0 >/dev/null || :
	t1=$(now)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	left=$(( $(ip netns exec "$ns" "$@" route show | wc -l) +
		 $(ip netns exec "$ns" "$@" -6 route show | wc -l) ))
	[ "$left" = 0 ] || { echo "$name: $left routes left" >&2; exit 1; }
}

modprobe vrs
echo "# $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 / 1024 " MiB" }' /proc/meminfo)"
echo "# $N routes ($((N - N6)) IPv4, $N6 IPv6) from $DATA"

make_ns bip "ip link add bd0 type dummy"
time_load "ip -batch" ip -n bip -batch "$T/routes"
IP_SECS=$SECS
got=$(( $(ip -n bip route show | wc -l) + $(ip -n bip -6 route show | wc -l) ))
echo "ip -batch:        $N routes in ${IP_SECS}s: $(rate "$N" "$IP_SECS") routes/s ($got routes in the netns)"
time_flush "ip route flush" bip ip
IP_FLUSH=$SECS
echo "ip route flush:   $got routes in ${SECS}s: $(rate "$got" "$SECS") routes/s"
ip netns del bip

make_vr_ns bvr
time_load "vrnl -batch" ip netns exec bvr vrnl -batch "$T/routes"
VR_SECS=$SECS
echo "vrnl -batch:      $N routes in ${VR_SECS}s: $(rate "$N" "$VR_SECS") routes/s"
last=$(tail -n 1 "$T/routes" | cut -d' ' -f3)
got=$(ip netns exec bvr vrnl route get fibmatch "${last%%/*}")
[ "$(echo "$got" | cut -d' ' -f1)" = "$last" ] ||
	{ echo "last route $last missing: $got" >&2; exit 1; }
got=$(( $(ip netns exec bvr vrnl route show | wc -l) +
	$(ip netns exec bvr vrnl -6 route show | wc -l) ))
time_flush "vrnl route flush" bvr vrnl
VR_FLUSH=$SECS
echo "vrnl route flush: $got routes in ${SECS}s: $(rate "$got" "$SECS") routes/s"
ip netns del bvr

if [ "$NOLD" -gt 0 ]; then
	make_vr_ns bvr
	time_load "vrnl -batch, 1 per request" \
		env VRNL_BATCH_MAX=1 ip netns exec bvr vrnl -batch "$T/routes.old"
	echo "vrnl 1/request:   $NOLD routes in ${SECS}s: $(rate "$NOLD" "$SECS") routes/s"
	got=$(( $(ip netns exec bvr vrnl route show | wc -l) +
		$(ip netns exec bvr vrnl -6 route show | wc -l) ))
	time_flush "vrnl route flush, 1 per request" bvr env VRNL_BATCH_MAX=1 vrnl
	echo "vrnl flush 1/req: $got routes in ${SECS}s: $(rate "$got" "$SECS") routes/s"
	ip netns del bvr
fi

awk -v a="$IP_SECS" -v b="$VR_SECS" \
	'BEGIN { printf "ratio vrnl -batch / ip -batch: %.1fx\n", a / b }'
awk -v a="$IP_FLUSH" -v b="$VR_FLUSH" \
	'BEGIN { printf "ratio vrnl route flush / ip route flush: %.1fx\n", a / b }'
