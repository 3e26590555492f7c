#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VRS demo, run inside the test VM by `make demo`: two tenants with the
# same address plan, each with its own virtual router, forward through the
# substrate, isolated from each other.
#
#   tenant X:  hX-back 10.0.0.2 -- p1 [ VR vrX in netns rX ] p2 -- hX-front 192.168.1.2
#
# The tenant namespaces have ip_forward=0: every forwarded packet is the VR's.
set -e
cd "$(dirname "$0")/.."
export PATH="$PWD/userspace:$PATH"

step() { printf '\n\033[1m[%s]$ %s\033[0m\n' "$NS" "$*"; "$@"; }
in_ns() { NS=$1; shift; step ip netns exec "$NS" "$@"; }

wire() {	# wire TENANT PORT HOST ADDR GW
	ip netns add "$3"
	ip -n "r$1" link add "$2" type veth peer name eth0 netns "$3"
	ip -n "r$1" link set "$2" up
	ip -n "$3" link set lo up
	ip -n "$3" link set eth0 up
	ip -n "$3" addr add "$4" dev eth0
	ip -n "$3" route add default via "$5"
}

echo "== VRS demo on $(uname -sr)"
NS=host step modprobe vrs

for t in A B; do
	echo
	echo "== Tenant $t: namespace r$t, VR vr$t, two ports, the same addresses as the other tenant"
	ip netns add "r$t"
	ip netns exec "r$t" sysctl -qw net.ipv4.ip_forward=0
	wire "$t" p1 "h$t-back" 10.0.0.2/24 10.0.0.1
	wire "$t" p2 "h$t-front" 192.168.1.2/24 192.168.1.1
	in_ns "r$t" vrnl vr add "vr$t"
	in_ns "r$t" vrnl link set dev p1 vr "vr$t" vport v1
	in_ns "r$t" vrnl link set dev p2 vr "vr$t" vport v2
	# The tenant's control plane addresses its vports like any interface.
	in_ns "r$t" ip link set v1 up
	in_ns "r$t" ip link set v2 up
	in_ns "r$t" ip addr add 10.0.0.1/24 dev v1
	in_ns "r$t" ip addr add 192.168.1.1/24 dev v2
	in_ns "r$t" vrnl route add 203.0.113.0/24 via 192.168.1.2
	in_ns "r$t" vrnl route add blackhole 198.51.100.0/24
done
sleep 0.5
in_ns rA vrnl route show
in_ns rA vrnl link show

echo
echo "== Traffic: each tenant's hosts talk through their own VR"
in_ns hA-back ping -c 3 -i 0.2 192.168.1.2
in_ns hB-back ping -c 3 -i 0.2 192.168.1.2
in_ns hA-back ping -c 1 -t 1 192.168.1.2 || true
in_ns hA-back ping -c 1 -W 1 198.51.100.1 || true

echo
echo "== Counters: tenant A's VR saw its traffic, tenant B's only its own"
in_ns rA vrnl -s vr show vrA
in_ns rB vrnl -s vr show vrB
in_ns rA vrnl -s link show dev p2
in_ns rA sysctl net.ipv4.ip_forward

echo
echo "== Teardown: namespaces and the module go, with VRs and ports in place"
for t in A B; do
	for n in "r$t" "h$t-back" "h$t-front"; do ip netns del "$n"; done
done
NS=host step rmmod vrs
echo
echo "Demo done: two tenants, one address plan, one substrate, no crosstalk."
