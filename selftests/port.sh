#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ports and vports with real traffic: a host in another namespace talks to
# the tenant's addresses on a vport (everything punted: ARP/ND and ICMP go
# up the vport, replies leave on the port); Ethernet, VLAN and GRE ports;
# MTU/MAC/carrier following; EBUSY cases; isolation of two tenants; and a
# port disappearing every possible way while a flood runs.
source "$(dirname "$0")/lib.sh"

H=vrs_h		# the remote host's namespace

# Few processes in cleanup() and setup(): each costs ~1 s in the debug
# kernel (make check-debug).
cleanup() {
	local ns
	{
		for ns in $H vrs_t1 vrs_t2 vrs_h1 vrs_h2 vrs_r; do echo "netns del $ns"; done
		printf 'link del %s\n' veth0 gre1 br0
	} | ip -force -batch - 2>/dev/null
	vrnl vr show 2>/dev/null | while read -r n _; do vrnl vr del "$n"; done
	sleep 0.2
}

# A VR "red" with port veth0; the host's end veth1 in $H has 10.0.0.2/24
# and fd00::2/64; the tenant's vport vveth0 10.0.0.1/24 and fd00::1/64.
setup() {
	cleanup
	ip netns add $H &&
	printf '%s\n' "link add veth0 type veth peer name veth1 netns $H" \
		"link set veth0 up" | ip -batch - &&
	printf '%s\n' "link set veth1 up" "addr add 10.0.0.2/24 dev veth1" \
		"addr add fd00::2/64 dev veth1 nodad" | ip -n $H -batch - &&
	printf '%s\n' "vr add red" "link set dev veth0 vr red" | vrnl -batch - &&
	printf '%s\n' "link set vveth0 up" "addr add 10.0.0.1/24 dev vveth0" \
		"addr add fd00::1/64 dev vveth0 nodad" | ip -batch -
}

hping() { ip netns exec $H ping -q -c "${2:-2}" -i 0.2 -W 2 "$1" >/dev/null; }

# stat DEV NAME: one counter of a port, from the JSON output.
stat() {
	vrnl -j -s link show dev "$1" |
		python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats']['$2'])"
}

t_show() {
	setup || return 1
	expect 0 "veth0 vr red vport vveth0" "" -- vrnl link show &&
	expect 0 "veth0 vr red vport vveth0" "" -- vrnl link show dev veth0 &&
	expect 0 "veth0 vr red vport vveth0" "" -- vrnl link show vr red &&
	expect 0 "veth0 vr red vport vveth0" "" -- vrnl link show vveth0 &&
	vrnl -j -p link show | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["vport"]=="vveth0"' &&
	ip -d link show vveth0 | grep -q vrs_vport &&
	ip link show vveth0 | grep -q 'vveth0@veth0' &&
	[ "$(cat /sys/class/net/vveth0/address)" = "$(cat /sys/class/net/veth0/address)" ]
}

t_punt_ipv4() {
	hping 10.0.0.1 3 || { echo "ping 10.0.0.1 failed"; return 1; }
	local rx punt tx
	rx=$(stat veth0 rx_packets) punt=$(stat veth0 punt_packets) tx=$(stat veth0 tx_packets)
	echo "rx $rx punt $punt tx $tx"
	[ "$rx" -ge 4 ] && [ "$punt" -ge 4 ] && [ "$tx" -ge 4 ] &&
	vrnl -s vr show red | grep -q 'RX:  packets' &&
	ip neigh show dev vveth0 | grep -q 10.0.0.2	# ARP ran on the vport
}

t_punt_ipv6() {
	hping fd00::1 3 || { echo "ping fd00::1 failed"; return 1; }
	ip -6 neigh show dev vveth0 | grep -q fd00::2	# ND ran on the vport
}

t_tenant_sends() {
	ping -q -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null &&
	ping -q -c 2 -i 0.2 -W 2 fd00::2 >/dev/null
}

t_mtu_mac_carrier() {
	ip link set veth0 mtu 1400 &&
	[ "$(cat /sys/class/net/vveth0/mtu)" = 1400 ] || { echo "mtu not followed"; return 1; }
	expect 2 "" "*" -- ip link set vveth0 mtu 1450 || return 1
	ip link set vveth0 mtu 1300 && ip link set veth0 mtu 1500 &&
	[ "$(cat /sys/class/net/vveth0/mtu)" = 1500 ] || { echo "mtu up not followed"; return 1; }
	ip link set veth0 address 02:00:00:00:00:42 &&
	[ "$(cat /sys/class/net/vveth0/address)" = 02:00:00:00:00:42 ] || { echo "mac not followed"; return 1; }
	hping 10.0.0.1 1 || ip netns exec $H ip neigh flush dev veth1
	ip -n $H link set veth1 down && sleep 0.2 &&
	[ "$(cat /sys/class/net/vveth0/carrier)" = 0 ] || { echo "carrier off not followed"; return 1; }
	ip -n $H link set veth1 up && sleep 0.2 &&
	[ "$(cat /sys/class/net/vveth0/carrier)" = 1 ] || { echo "carrier on not followed"; return 1; }
	ip link set veth0 down && sleep 0.2 &&
	[ "$(cat /sys/class/net/vveth0/carrier)" = 0 ] || { echo "admin down not followed"; return 1; }
	ip link set veth0 up && sleep 0.5 &&
	hping 10.0.0.1 2
}

t_detach_device_usable() {
	setup || return 1
	expect 0 "" "" -- vrnl link set dev veth0 nomaster &&
	expect 0 "" "" -- vrnl link show &&
	! ip link show vveth0 2>/dev/null &&
	ip addr add 10.0.0.1/24 dev veth0 &&
	hping 10.0.0.1 2 &&
	# and it can be attached again
	ip addr flush dev veth0 &&
	expect 0 "" "" -- vrnl link set veth0 vr red vport tenant0 &&
	expect 0 "veth0 vr red vport tenant0" "" -- vrnl link show
}

t_busy() {
	setup || return 1
	vrnl vr add blue &&
	expect 2 "" "Error: Device is already a port of a VR." -- vrnl link set dev veth0 vr blue &&
	expect 2 "" "Error: Device is already a port of a VR." -- vrnl link set dev veth0 vr red &&
	expect 2 "" "Error: A vport cannot be a port." -- vrnl link set dev vveth0 vr blue &&
	expect 2 "" "Error: A loopback device cannot be a port." -- vrnl link set dev lo vr blue &&
	ip link add br0 type bridge && ip link add d0 type dummy && ip link set d0 master br0 &&
	expect 2 "" "Error: Device already has an rx_handler (bridge, bond, macvlan, ...)." \
		-- vrnl link set dev d0 vr blue &&
	expect 2 "" "*" -- ip link set veth0 master br0 &&
	ip link del d0 && ip link add d1 type dummy &&
	expect 2 "" "Error: A device with the vport's name already exists." \
		-- vrnl link set dev d1 vr blue vport veth0 &&
	expect 1 "" 'Cannot find device "nosuch"' -- vrnl link set dev nosuch vr blue &&
	expect 1 "" "Error: No VR with this name." -- vrnl link set dev d1 vr nosuch &&
	expect 1 "" "Error: Device is not a port." -- vrnl link set dev d1 nomaster &&
	expect 2 "" "Error: vrs_vport devices are made by attaching a port (vrnl link set dev DEV vr VR)." \
		-- ip link add v9 type vrs_vport &&
	expect 2 "" "RTNETLINK answers: Invalid argument" -- ip link set vveth0 netns $H &&
	expect 255 "" "*" -- vrnl link set dev d1 &&
	expect 255 "" 'Command "frob" is unknown, try "vrnl link help".' -- vrnl link frob &&
	ip link del d1 && ip link del br0
}

# flood_during ACTION...: a flood from $H at the vport while ACTION runs.
flood_during() {
	ip netns exec $H timeout 6 ping -f -q 10.0.0.1 >/dev/null 2>&1 &
	local pid=$!
	sleep 1.5
	"$@"
	local rc=$?
	wait $pid
	return $rc
}

t_gone_port_del() {
	setup && hping 10.0.0.1 1 || return 1
	flood_during ip link del veth0 || return 1
	expect 0 "" "" -- vrnl link show && ! ip link show vveth0 2>/dev/null
}

t_gone_vport_del() {
	setup && hping 10.0.0.1 1 || return 1
	flood_during ip link del vveth0 || return 1
	expect 0 "" "" -- vrnl link show &&
	ip link show veth0 >/dev/null && ! ip link show vveth0 2>/dev/null
}

# A port device moved to another namespace leaves its VR.
t_gone_netns_move() {
	setup || return 1
	ip link set veth0 netns $H &&
	expect 0 "" "" -- vrnl link show && ! ip link show vveth0 2>/dev/null &&
	ip -n $H link show veth0 >/dev/null
}

t_gone_vr_del() {
	setup && hping 10.0.0.1 1 || return 1
	flood_during vrnl vr del red || return 1
	expect 0 "" "" -- vrnl link show && ! ip link show vveth0 2>/dev/null &&
	ip link show veth0 >/dev/null
}

t_gone_detach() {
	setup && hping 10.0.0.1 1 || return 1
	flood_during vrnl link set dev veth0 nomaster
}

# The VR, its port and vport live in namespace vrs_r; deleting it takes
# them all (the veth is deleted, its peer in $H with it).
t_gone_netns_del() {
	cleanup
	ip netns add $H && ip netns add vrs_r &&
	ip -n vrs_r link add veth0 type veth peer name veth1 netns $H &&
	ip -n vrs_r link set veth0 up && ip -n $H link set veth1 up &&
	ip -n $H addr add 10.0.0.2/24 dev veth1 &&
	vrnl -n vrs_r vr add red && vrnl -n vrs_r link set dev veth0 vr red &&
	ip -n vrs_r link set vveth0 up && ip -n vrs_r addr add 10.0.0.1/24 dev vveth0 &&
	hping 10.0.0.1 1 || return 1
	flood_during ip netns del vrs_r
	sleep 1
}

t_gone_rmmod() {
	setup && hping 10.0.0.1 1 || return 1
	flood_during rmmod vrs || return 1
	! ip link show vveth0 2>/dev/null && ip link show veth0 >/dev/null &&
	modprobe vrs
}

t_vlan_port() {
	setup || return 1
	ip link add link veth0 name veth0.10 type vlan id 10 &&
	ip -n $H link add link veth1 name veth1.10 type vlan id 10 &&
	ip link set veth0.10 up && ip -n $H link set veth1.10 up &&
	ip -n $H addr add 10.3.0.2/24 dev veth1.10 &&
	vrnl link set dev veth0.10 vr red vport v10 &&
	ip link set v10 up && ip addr add 10.3.0.1/24 dev v10 &&
	hping 10.3.0.1 2 && ping -q -c 2 -i 0.2 -W 2 10.3.0.2 >/dev/null &&
	[ "$(stat veth0.10 punt_packets)" -ge 2 ]
}

# GRE: the underlay is a plain veth (not a port); the port is gre1, an L3
# device, and its vport has no link-layer header.
t_gre_port() {
	cleanup
	ip netns add $H &&
	ip link add veth0 type veth peer name veth1 netns $H &&
	ip link set veth0 up && ip -n $H link set veth1 up &&
	ip addr add 10.1.0.1/24 dev veth0 && ip -n $H addr add 10.1.0.2/24 dev veth1 &&
	ip link add gre1 type gre local 10.1.0.1 remote 10.1.0.2 &&
	ip -n $H link add gre1 type gre local 10.1.0.2 remote 10.1.0.1 &&
	ip link set gre1 up && ip -n $H link set gre1 up &&
	ip -n $H addr add 10.2.0.2/24 dev gre1 &&
	vrnl vr add red && vrnl link set dev gre1 vr red &&
	ip link set vgre1 up && ip addr add 10.2.0.1/24 dev vgre1 &&
	ip link show vgre1 | grep -q 'link/none' &&
	ip link show vgre1 | grep -q 'POINTOPOINT,MULTICAST,NOARP' || { ip link show vgre1; return 1; }
	hping 10.2.0.1 2 || { echo "ping over GRE to the vport failed"; return 1; }
	ping -q -c 2 -i 0.2 -W 2 10.2.0.2 >/dev/null &&
	[ "$(stat gre1 punt_packets)" -ge 2 ] && [ "$(stat gre1 tx_packets)" -ge 2 ]
}

# Two tenants, each a namespace with its own VR "r" and the same addresses.
t_isolation() {
	cleanup
	local i
	for i in 1 2; do
		ip netns add vrs_t$i && ip netns add vrs_h$i &&
		ip -n vrs_t$i link add p type veth peer name q netns vrs_h$i &&
		ip -n vrs_t$i link set p up && ip -n vrs_h$i link set q up &&
		ip -n vrs_h$i addr add 10.0.0.2/24 dev q &&
		vrnl -n vrs_t$i vr add r &&
		vrnl -n vrs_t$i link set dev p vr r &&
		ip -n vrs_t$i link set vp up &&
		ip -n vrs_t$i addr add 10.0.0.1/24 dev vp || return 1
	done
	expect 0 "p vr r vport vp" "" -- vrnl -n vrs_t1 link show &&
	expect 0 "" "" -- vrnl link show &&
	vrnl vr add r &&
	expect 1 "" 'Cannot find device "p"' -- vrnl link set dev p vr r || return 1
	local rx2 rx2b
	rx2=$(vrnl -n vrs_t2 -j -s link show | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats"]["rx_packets"])')
	ip netns exec vrs_h1 ping -q -c 10 -i 0.1 -W 2 10.0.0.1 >/dev/null || return 1
	rx2b=$(vrnl -n vrs_t2 -j -s link show | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats"]["rx_packets"])')
	[ $((rx2b - rx2)) -lt 10 ] || { echo "tenant 2 saw tenant 1's traffic"; return 1; }
	ip netns exec vrs_h2 ping -q -c 2 -i 0.2 -W 2 10.0.0.1 >/dev/null
}

t_monitor() {
	setup || return 1
	local out=/tmp/port-monitor.out
	vrnl monitor link > $out &
	local pid=$!
	sleep 0.5
	vrnl link set dev veth0 nomaster && vrnl link set dev veth0 vr red vport m0 &&
	ip link del m0
	sleep 0.5
	kill $pid; wait $pid 2>/dev/null
	expect 0 "Deleted veth0 vr red vport vveth0
veth0 vr red vport m0
Deleted veth0 vr red vport m0" "" -- cat $out
}

need_vrs || { tap_plan 0; exit "$KSFT_SKIP"; }
tap_plan 18
run_test show t_show
run_test punt_ipv4 t_punt_ipv4
run_test punt_ipv6 t_punt_ipv6
run_test tenant_sends t_tenant_sends
run_test mtu_mac_carrier t_mtu_mac_carrier
run_test detach_device_usable t_detach_device_usable
run_test busy t_busy
run_test vlan_port t_vlan_port
run_test gre_port t_gre_port
run_test isolation t_isolation
run_test monitor t_monitor
run_test netns_move t_gone_netns_move
run_test flood_port_del t_gone_port_del
run_test flood_vport_del t_gone_vport_del
run_test flood_vr_del t_gone_vr_del
run_test flood_detach t_gone_detach
run_test flood_netns_del t_gone_netns_del
run_test flood_rmmod t_gone_rmmod
cleanup
tap_finish
