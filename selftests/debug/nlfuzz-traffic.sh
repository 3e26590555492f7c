#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Traffic for nlfuzz, so that the fuzzed control plane races a live data
# path (softirq forwarding under RCU while VRs, ports and routes change):
#
#  - a VR "traffic" in its own network namespace (fzr), where the fuzzers
#    cannot see it, forwarding ping floods between hosts fzh1 and fzh2,
#    IPv4 and IPv6: this path must keep working for the whole run;
#  - in the initial namespace, a veth fzp0 that receives a flood from
#    host fzh3.  It is no VR's port at first; the fuzzers in the initial
#    namespace attach it to their VRs (and delete it again) by ifindex,
#    so packets arrive while a port comes and goes under them.
#
# Usage: nlfuzz-traffic.sh start | stop
#   stop prints "forwarded N" (the traffic VR's counter) and fails if the
#   floods died or the VR forwarded nothing.
set -u
PIDS=/run/nlfuzz-traffic.pids
NSS="fzr fzh1 fzh2 fzh3"

flood() {	# flood NS ARGS...: a background ping flood, pid recorded
	local ns=$1
	shift
	ip netns exec "$ns" ping -q -f "$@" >/dev/null 2>&1 &
	echo $! >>$PIDS
}

start() {
	local ns
	for ns in $NSS; do
		ip netns add $ns || return 1
		ip -n $ns link set lo up
	done
	vrnl -n fzr vr add traffic || return 1
	for h in 1 2; do
		ip link add fzv$h netns fzr type veth peer name eth0 netns fzh$h &&
		ip -n fzr link set fzv$h up &&
		vrnl -n fzr link set dev fzv$h vr traffic vport fzvp$h &&
		ip -n fzr link set fzvp$h up &&
		ip -n fzr addr add 10.$h.0.1/24 dev fzvp$h &&
		ip -n fzr addr add 2001:db8:$h::1/64 dev fzvp$h nodad &&
		ip -n fzh$h link set eth0 up &&
		ip -n fzh$h addr add 10.$h.0.2/24 dev eth0 &&
		ip -n fzh$h addr add 2001:db8:$h::2/64 dev eth0 nodad &&
		ip -n fzh$h route add default via 10.$h.0.1 &&
		ip -n fzh$h route add default via 2001:db8:$h::1 || return 1
	done
	# The path works before the storm starts (resolves the neighbours).
	ip netns exec fzh1 ping -c 1 -W 5 10.2.0.2 >/dev/null &&
	ip netns exec fzh1 ping -6 -c 1 -W 5 2001:db8:2::2 >/dev/null || {
		echo "# traffic: no path through the traffic VR"
		return 1
	}
	ip link add fzp0 type veth peer name eth0 netns fzh3 &&
	ip link set fzp0 up && ip -n fzh3 link set eth0 up &&
	ip -n fzh3 addr add 10.3.0.2/24 dev eth0 &&
	ip -n fzh3 neigh add 10.3.0.1 lladdr 02:00:00:00:00:01 dev eth0 &&
	ip -n fzh3 route add default via 10.3.0.1 || return 1
	: >$PIDS
	flood fzh1 -s 64 10.2.0.2
	flood fzh1 -6 -s 64 2001:db8:2::2
	flood fzh3 -s 64 10.2.0.2
	echo "# traffic: floods through VR traffic (netns fzr) and into fzp0 (ifindex $(cat /sys/class/net/fzp0/ifindex))"
}

stop() {
	local pid alive=0 n rc=0 ns
	while read -r pid; do
		kill -0 "$pid" 2>/dev/null && alive=$((alive + 1))
		kill "$pid" 2>/dev/null
	done <$PIDS
	wait 2>/dev/null
	n=$(vrnl -n fzr -s -j vr show traffic 2>/dev/null |
		sed -n 's/.*"fwd_packets": *\([0-9]*\).*/\1/p')
	echo "# traffic: VR traffic forwarded ${n:-no} packets"
	if [ "$alive" -ne "$(wc -l <$PIDS)" ]; then
		echo "# traffic: only $alive of $(wc -l <$PIDS) floods were still running"
		rc=1
	fi
	[ "${n:-0}" -gt 0 ] || rc=1
	ip link del fzp0 2>/dev/null
	for ns in $NSS; do ip netns del $ns 2>/dev/null; done
	rm -f $PIDS
	return $rc
}

case ${1:-} in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
