#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The data path: two tenants with the same address plan, each a namespace
# with its own VR, forward ping/UDP/TCP between their own hosts through the
# substrate; router ICMP errors, blackhole, PMTU, ECMP weights, IPv6.
#
#   hX1 (10.0.0.2, 2001:db8:0::2) -- p1/v1 [VR in rX] v2/p2 -- hX2 (192.168.1.2, 2001:db8:1::2)
#                                    p3/v3 -- n1 (172.16.1.2)   ECMP next hops
#                                    p4/v4 -- n2 (172.16.2.2)
# The tenant namespace rX has ip_forward=0: whatever crosses is the VR's.
source "$(dirname "$0")/lib.sh"

T="A B"
# One tenant.  Few processes (ip -batch, vrnl -batch): each costs ~1 s in
# the debug kernel (make check-debug).
ns_setup() {
	local t=$1 r=r$1 i
	local hosts=("h${t}1" "h${t}2" "n${t}1" "n${t}2")
	printf 'netns add %s\n' $r "${hosts[@]}" | ip -batch - || return 1
	ip netns exec $r sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
	for i in 1 2 3 4; do
		echo "link add p$i type veth peer name eth0 netns ${hosts[i - 1]}"
		echo "link set p$i up"
	done | ip -n $r -batch - || return 1
	{
		echo "vr add vr$t"
		for i in 1 2 3 4; do echo "link set dev p$i vr vr$t vport v$i"; done
	} | ip netns exec $r vrnl -batch - || return 1
	{
		for i in 1 2 3 4; do echo "link set v$i up"; done
		printf 'addr add %s\n' "10.0.0.1/24 dev v1" "192.168.1.1/24 dev v2" \
			"172.16.1.1/24 dev v3" "172.16.2.1/24 dev v4" \
			"2001:db8::1/64 dev v1 nodad" "2001:db8:1::1/64 dev v2 nodad"
	} | ip -n $r -batch - || return 1
	host h${t}1 10.0.0.2/24 10.0.0.1 2001:db8::2/64 2001:db8::1 &&
	host h${t}2 192.168.1.2/24 192.168.1.1 2001:db8:1::2/64 2001:db8:1::1 &&
	host n${t}1 172.16.1.2/24 172.16.1.1 && host n${t}2 172.16.2.2/24 172.16.2.1
}

# link RNS DEV HNS: veth DEV in RNS, its peer "eth0" in HNS.
link() {
	ip -n "$1" link add "$2" type veth peer name eth0 netns "$3" &&
	ip -n "$1" link set "$2" up && ip -n "$3" link set eth0 up &&
	ip -n "$3" link set lo up
}

# host NS ADDR4 GW4 [ADDR6 GW6]: lo and eth0 up, addresses, default routes.
host() {
	{
		echo "link set lo up"
		echo "link set eth0 up"
		echo "addr add $2 dev eth0"
		echo "route add default via $3"
		[ -z "$4" ] || printf '%s\n' "addr add $4 dev eth0 nodad" "route add default via $5"
	} | ip -n "$1" -batch -
}

cleanup() {
	local t n
	for t in $T; do
		for n in r$t h${t}1 h${t}2 n${t}1 n${t}2 g$t v$t; do echo "netns del $n"; done
	done | ip -force -batch - 2>/dev/null
}

# stat NS VR COUNTER: a counter of the VR, from vrnl -j -s.
stat() {
	ip netns exec "$1" vrnl -j -s vr show "$2" |
		python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats'].get('$3', 0))"
}

wait_routes() {	# kernel routes follow vport addresses asynchronously
	local i
	for i in $(seq 50); do
		ip netns exec r$1 vrnl -V vr$1 route show | grep -q '^192.168.1.0/24' &&
		ip netns exec r$1 vrnl -6 -V vr$1 route show | grep -q '^2001:db8:1::/64' && return 0
		sleep 0.1
	done
	return 1
}

t_setup() {
	local t
	for t in $T; do ns_setup $t || { echo "setup $t failed"; return 1; }; done
	for t in $T; do wait_routes $t || { echo "no kernel routes in vr$t"; return 1; }; done
	ip netns exec rA vrnl -V vrA route show
}

t_ping_both_tenants() {
	local t
	for t in $T; do
		ip netns exec h${t}1 ping -c 3 -i 0.2 -W 2 192.168.1.2 >/dev/null ||
			{ echo "tenant $t: IPv4 ping failed"; return 1; }
		ip netns exec h${t}1 ping -6 -c 3 -i 0.2 -W 2 2001:db8:1::2 >/dev/null ||
			{ echo "tenant $t: IPv6 ping failed"; return 1; }
	done
}

t_isolation() {
	local a0 b0 a1 b1
	a0=$(stat rA vrA fwd_packets) b0=$(stat rB vrB fwd_packets)
	ip netns exec hA1 ping -c 20 -i 0.05 -W 2 192.168.1.2 >/dev/null || return 1
	a1=$(stat rA vrA fwd_packets) b1=$(stat rB vrB fwd_packets)
	echo "vrA forwarded $((a1 - a0)), vrB $((b1 - b0))"
	[ $((a1 - a0)) -ge 40 ] && [ "$b1" = "$b0" ]
}

t_udp_tcp() {
	local t out i udp
	for t in $T; do
		: >/tmp/udp.$t
		ip netns exec h${t}2 timeout 60 nc -l -p 5001 > /tmp/tcp.$t &
		ip netns exec h${t}2 timeout 60 nc -u -l -p 5002 > /tmp/udp.$t &
		udp=$!
		listening h${t}2 5001 t && listening h${t}2 5002 u || return 1
		echo "tcp-$t" | ip netns exec h${t}1 nc -N -w 10 192.168.1.2 5001 || return 1
		# UDP gives no delivery guarantee, and under a debug kernel the
		# datagram can be overtaken by nc's 1 s wait; a lost datagram
		# is resent, as an application would, and counted.
		for i in 1 2 3 4 5; do
			echo "udp-$t" | ip netns exec h${t}1 nc -u -w 1 192.168.1.2 5002
			[ -s /tmp/udp.$t ] && break
			echo "tenant $t: UDP datagram $i not (yet) received"
		done
		kill $udp 2>/dev/null
		wait
		out="$(cat /tmp/tcp.$t) $(head -n1 /tmp/udp.$t)"
		[ "$out" = "tcp-$t udp-$t" ] || { echo "tenant $t got: $out"; return 1; }
	done
}

# listening NS PORT t|u: waits until a listener is bound.
listening() {
	local i
	for i in $(seq 50); do
		ip netns exec "$1" ss -ln"$3" | grep -q ":$2 " && return 0
		sleep 0.1
	done
	echo "nobody listens on $2/$3 in $1"
	return 1
}

t_ttl_exceeded() {
	expect 1 "*" "*" -- ip netns exec hA1 ping -c 1 -t 1 -W 2 192.168.1.2 &&
	ip netns exec hA1 ping -c 1 -t 1 -W 2 192.168.1.2 | grep -q "From 10.0.0.1 .*Time to live exceeded" &&
	ip netns exec hA1 ping -6 -c 1 -t 1 -W 2 2001:db8:1::2 | grep -q "From 2001:db8::1 .*Time exceeded: Hop limit"
}

t_route_types() {
	local d0
	ip netns exec rA vrnl -V vrA route add blackhole 198.51.100.0/24 &&
	ip netns exec rA vrnl -V vrA route add unreachable 198.51.101.0/24 &&
	ip netns exec rA vrnl -V vrA route add prohibit 198.51.102.0/24 || return 1
	d0=$(stat rA vrA drop_blackhole)
	ip netns exec hA1 ping -c 1 -W 1 198.51.100.1 | grep -q "1 received" && return 1
	[ "$(stat rA vrA drop_blackhole)" -gt "$d0" ] || { echo "blackhole not counted"; return 1; }
	ip netns exec hA1 ping -c 1 -W 2 198.51.101.1 | grep -q "From 10.0.0.1 .*Destination Host Unreachable" ||
		{ echo "unreachable"; return 1; }
	ip netns exec hA1 ping -c 1 -W 2 198.51.102.1 | grep -q "From 10.0.0.1 .*Packet filtered" ||
		{ echo "prohibit"; return 1; }
	ip netns exec hA1 ping -c 1 -W 2 203.0.113.9 | grep -q "From 10.0.0.1 .*Destination Net Unreachable" ||
		{ echo "no route"; return 1; }
	ip netns exec rA vrnl -6 -V vrA route add prohibit 2001:db8:66::/48 || return 1
	ip netns exec hA1 ping -6 -c 1 -W 2 2001:db8:66::1 | grep -q "Administratively prohibited" ||
		{ echo "v6 prohibit"; return 1; }
	ip netns exec hA1 ping -6 -c 1 -W 2 2001:db8:77::1 | grep -q "No route" ||
		{ echo "v6 no route"; return 1; }
}

t_pmtu() {
	ip -n rA link set p2 mtu 1280 && ip -n hA2 link set eth0 mtu 1280 || return 1
	ip netns exec hA1 ping -c 1 -W 2 -M do -s 1400 192.168.1.2 |
		grep -q "From 10.0.0.1 .*Frag needed and DF set (mtu = 1280)" || { echo "frag needed"; return 1; }
	ip netns exec hA1 ping -c 1 -W 2 -M dont -s 1400 192.168.1.2 | grep -q "1 received" ||
		{ echo "fragmentation without DF"; return 1; }
	ip netns exec hA1 ping -6 -c 1 -W 2 -s 1400 2001:db8:1::2 |
		grep -q "From 2001:db8::1 .*Packet too big: mtu=1280" || { echo "packet too big"; return 1; }
	ip -n rA link set p2 mtu 1500 && ip -n hA2 link set eth0 mtu 1500
}

t_ecmp_weights() {
	local r1 r2 total share
	ip netns exec rA vrnl -V vrA route add 203.0.113.0/24 \
		nexthop via 172.16.1.2 weight 1 nexthop via 172.16.2.2 weight 3 || return 1
	r1=$(ip -n nA1 -s -j link show eth0 | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['rx']['packets'])")
	r2=$(ip -n nA2 -s -j link show eth0 | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['rx']['packets'])")
	# 256 UDP flows (distinct source ports), one packet each.
	ip netns exec hA1 python3 -c '
import socket
for p in range(40000, 40256):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.0.0.2", p)); s.sendto(b"x", ("203.0.113.7", 9)); s.close()' || return 1
	sleep 1
	r1=$(( $(ip -n nA1 -s -j link show eth0 | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['rx']['packets'])") - r1 ))
	r2=$(( $(ip -n nA2 -s -j link show eth0 | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['rx']['packets'])") - r2 ))
	total=$((r1 + r2))
	share=$((100 * r1 / (total ? total : 1)))
	echo "weight 1: $r1, weight 3: $r2 ($share% / $((100 - share))%)"
	# ARP replies add a packet or two per next hop; the flows dominate.
	[ "$total" -ge 256 ] && [ "$share" -ge 15 ] && [ "$share" -le 35 ]
}

# ICMP errors are rate-limited per VR: with a budget of 5/s, a burst of
# expired packets gets a few errors and the rest are counted as limited,
# while the other tenant's budget is untouched.
t_icmp_ratelimit() {
	local p=/sys/module/vrs/parameters/icmp_rate s0 l0 s1 l1 b0
	s0=$(stat rA vrA icmp_sent) l0=$(stat rA vrA icmp_ratelimited)
	b0=$(stat rB vrB icmp_sent)
	echo 5 > $p
	ip netns exec hA1 ping -c 100 -i 0.002 -t 1 -W 1 192.168.1.2 >/dev/null
	echo 1000 > $p
	ip netns exec hB1 ping -c 1 -t 1 -W 2 192.168.1.2 | grep -q "Time to live exceeded" ||
		{ echo "tenant B lost its budget"; return 1; }
	s1=$(stat rA vrA icmp_sent) l1=$(stat rA vrA icmp_ratelimited)
	echo "sent $((s1 - s0)), rate-limited $((l1 - l0)), tenant B sent $(( $(stat rB vrB icmp_sent) - b0 ))"
	[ $((s1 - s0)) -ge 1 ] && [ $((s1 - s0)) -le 20 ] && [ $((l1 - l0)) -ge 50 ]
}

# IPv6 for the rest: TCP and UDP, ECMP with weights, unreachable, blackhole.
t_ipv6_more() {
	local out r1 r2 i
	ip -n nA1 addr add 2001:db8:11::2/64 dev eth0 nodad &&
	ip -n nA2 addr add 2001:db8:12::2/64 dev eth0 nodad &&
	ip -n rA addr add 2001:db8:11::1/64 dev v3 nodad &&
	ip -n rA addr add 2001:db8:12::1/64 dev v4 nodad || return 1
	for i in $(seq 30); do
		ip netns exec rA vrnl -6 -V vrA route show | grep -q '^2001:db8:12::/64' && break
		sleep 0.1
	done
	ip netns exec rA vrnl -6 -V vrA route add 2001:db8:99::/48 \
		nexthop via 2001:db8:11::2 weight 1 nexthop via 2001:db8:12::2 weight 3 &&
	ip netns exec rA vrnl -6 -V vrA route add unreachable 2001:db8:98::/48 &&
	ip netns exec rA vrnl -6 -V vrA route add blackhole 2001:db8:97::/48 || return 1
	ip netns exec hA2 timeout 10 nc -6 -l -p 5003 > /tmp/tcp6 &
	listening hA2 5003 t || return 1
	echo tcp6 | ip netns exec hA1 nc -6 -N -w 2 2001:db8:1::2 5003 || return 1
	wait
	[ "$(cat /tmp/tcp6)" = tcp6 ] || { echo "tcp6: $(cat /tmp/tcp6)"; return 1; }
	ip netns exec hA1 ping -6 -c 1 -W 2 2001:db8:98::1 | grep -q "No route" || { echo "v6 unreachable"; return 1; }
	ip netns exec hA1 ping -6 -c 1 -W 1 2001:db8:97::1 | grep -q " 0 received" || { echo "v6 blackhole"; return 1; }
	r1=$(rx nA1) r2=$(rx nA2)
	ip netns exec hA1 python3 -c '
import socket
for p in range(41000, 41256):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind(("2001:db8::2", p)); s.sendto(b"x", ("2001:db8:99::7", 9)); s.close()' || return 1
	sleep 1
	r1=$(( $(rx nA1) - r1 )) r2=$(( $(rx nA2) - r2 ))
	echo "IPv6 weight 1: $r1, weight 3: $r2"
	# Neighbour discovery adds a few packets per next hop.
	[ $((r1 + r2)) -ge 256 ] && [ $((100 * r1 / (r1 + r2))) -ge 15 ] && [ $((100 * r1 / (r1 + r2))) -le 35 ]
}

rx() {
	ip -n "$1" -s -j link show eth0 |
		python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['rx']['packets'])"
}

t_tenant_does_not_forward() {
	[ "$(ip netns exec rA sysctl -n net.ipv4.ip_forward)" = 0 ] &&
	[ "$(ip netns exec rB sysctl -n net.ipv4.ip_forward)" = 0 ] &&
	[ "$(ip netns exec rA sysctl -n net.ipv6.conf.all.forwarding)" = 0 ]
}

# A VLAN sub-interface port and a GRE port (L3, no Ethernet header) in
# tenant A's VR, each leading to one more host; hA1 reaches both through
# the VR: Ethernet in, tunnel out and back.
t_vlan_gre_ports() {
	ip netns add gA && ip netns add vA || return 1
	link rA u1 gA && ip -n rA addr add 10.201.0.1/30 dev u1 &&
	ip -n gA addr add 10.201.0.2/30 dev eth0 || return 1
	ip -n rA link add gre1 type gre local 10.201.0.1 remote 10.201.0.2 &&
	ip -n gA link add gre1 type gre local 10.201.0.2 remote 10.201.0.1 &&
	ip -n rA link set gre1 up && ip -n gA link set gre1 up &&
	ip -n gA addr add 10.9.9.2/24 dev gre1 &&
	ip -n gA route add 10.0.0.0/24 via 10.9.9.1 || return 1
	link rA p5 vA && ip -n rA link add link p5 name p5.10 type vlan id 10 &&
	ip -n vA link add link eth0 name eth0.10 type vlan id 10 &&
	ip -n rA link set p5.10 up && ip -n vA link set eth0.10 up &&
	ip -n vA addr add 10.10.10.2/24 dev eth0.10 &&
	ip -n vA route add default via 10.10.10.1 || return 1
	ip netns exec rA vrnl link set dev gre1 vr vrA vport vg &&
	ip netns exec rA vrnl link set dev p5.10 vr vrA vport vv || return 1
	ip -n rA link set vg up && ip -n rA link set vv up &&
	ip -n rA addr add 10.9.9.1/24 dev vg && ip -n rA addr add 10.10.10.1/24 dev vv || return 1
	sleep 0.5
	ip netns exec hA1 ping -c 3 -i 0.2 -W 2 10.9.9.2 >/dev/null || { echo "via GRE port"; return 1; }
	ip netns exec hA1 ping -c 3 -i 0.2 -W 2 10.10.10.2 >/dev/null || { echo "via VLAN port"; return 1; }
	ip netns exec rA vrnl -s link show dev gre1 | sed -n 1,3p
}

# Tear a tenant down while a flood is forwarded through its VR: ports,
# then the VR, then the namespace with what is left, then the module.
t_flood_teardown() {
	ip netns exec hB1 ping -f -w 4 192.168.1.2 >/dev/null 2>&1 &
	local f1=$!
	sleep 1
	ip netns exec rB vrnl link set dev p2 nomaster || return 1
	sleep 0.5
	ip netns exec rB vrnl vr del vrB || return 1
	wait $f1
	ip netns exec hA1 ping -f -w 4 192.168.1.2 >/dev/null 2>&1 &
	f1=$!
	sleep 1
	ip netns del rA
	wait $f1
	cleanup
	rmmod vrs
}

# IPv4 packets namespace NS got that were not for it (InAddrErrors +
# InNoRoutes): only what the VR forwarded there; ARP is not counted.
stray() {
	ip netns exec "$1" awk '/^Ip:/ { if (!n) { for (i = 1; i <= NF; i++) h[$i] = i; n = 1 }
		else print $h["InAddrErrors"] + $h["InNoRoutes"] }' /proc/net/snmp
}

# Routes come and go many times a second while packets are forwarded:
# prefix handles are freed and taken by other prefixes (route.h).  Every
# packet to 198.18.7.7 must reach nA1 or be dropped while its /24 is
# away, never nA2, which only the churned prefixes lead to.
t_route_churn() {
	local f=/tmp/vrs-churn.$$ i r trap0 good0 trap good
	for r in $(seq 20); do
		echo "route del 198.18.7.0/24"
		for i in $(seq 0 99); do echo "route add 100.64.$r.$i/32 via 172.16.2.2"; done
		echo "route add 198.18.7.0/24 via 172.16.1.2"
		for i in $(seq 0 99); do echo "route del 100.64.$r.$i/32"; done
	done > $f
	ip netns exec rA vrnl -V vrA route add 198.18.7.0/24 via 172.16.1.2 || return 1
	trap0=$(stray nA2) good0=$(stray nA1)
	ip netns exec hA1 python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + 3
while time.time() < end:
    s.sendto(b"x", ("198.18.7.7", 9))' &
	local tx=$!
	for r in 1 2 3; do ip netns exec rA vrnl -V vrA -batch $f || { kill $tx; return 1; }; done
	wait $tx
	sleep 0.2
	trap=$(( $(stray nA2) - trap0 )) good=$(( $(stray nA1) - good0 ))
	rm -f $f
	echo "churn: $good packets to nA1, $trap to nA2"
	ip netns exec rA vrnl -V vrA route show | grep -c '^100\.64\.' | grep -qx 0 || return 1
	ip netns exec rA vrnl -V vrA route del 198.18.7.0/24 || return 1
	[ "$good" -gt 20 ] && [ "$trap" -eq 0 ]
}

t_counters() {
	ip netns exec rA vrnl -s vr show vrA
	ip netns exec rA vrnl -s link show dev p1
	[ "$(stat rA vrA fwd_packets)" -gt 0 ] && [ "$(stat rA vrA drop_ttl)" -gt 0 ] &&
	[ "$(stat rA vrA icmp_sent)" -gt 0 ]
}

need_vrs || { tap_plan 0; exit "$KSFT_SKIP"; }
cleanup
tap_plan 15
run_test setup t_setup
run_test ping_both_tenants t_ping_both_tenants
run_test isolation t_isolation
run_test udp_tcp t_udp_tcp
run_test ttl_exceeded t_ttl_exceeded
run_test route_types t_route_types
run_test pmtu t_pmtu
run_test ecmp_weights_1_3 t_ecmp_weights
run_test icmp_ratelimit t_icmp_ratelimit
run_test ipv6_tcp_ecmp_types t_ipv6_more
run_test tenant_does_not_forward t_tenant_does_not_forward
run_test vlan_gre_ports t_vlan_gre_ports
run_test route_churn t_route_churn
run_test counters t_counters
run_test flood_teardown t_flood_teardown
cleanup
tap_finish
