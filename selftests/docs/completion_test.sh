#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# userspace/completion/vrnl: sources it and checks what it offers for
# command lines (COMP_WORDS/COMP_CWORD as bash sets them), with a stub
# `vrnl` on PATH for VR and port names; and that it offers every option
# vrnl.c reads.  Host only (run-unit.sh); needs nothing but bash.
# shellcheck disable=SC2317 # the t_* functions are called by run_test
source "$(dirname "$0")/../lib.sh"

COMPLETION=$REPO/userspace/completion/vrnl
tmp=$(mktemp -d /tmp/vrnl-completion.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The stub answers as vrnl would with VRs red (1) and blue (7), and eth1
# and eth2 attached to them; it logs its arguments.
mkdir -p "$tmp/bin" "$tmp/netns" "$tmp/iproute2/rt_protos.d" "$tmp/files"
cat >"$tmp/bin/vrnl" <<'EOF'
#!/bin/sh
echo "$*" >>"$STUB_LOG"
case " $* " in
*" vr show ") printf 'red id 1\nblue id 7\n' ;;
*" -V red link show ") printf 'eth1 vr red vport veth1\n' ;;
*" -V blue link show ") printf 'eth2 vr blue vport up0\n' ;;
*" -V "*" link show ") ;;
*" link show ") printf 'eth1 vr red vport veth1\neth2 vr blue vport up0\n' ;;
esac
EOF
chmod +x "$tmp/bin/vrnl"
export STUB_LOG=$tmp/log PATH="$tmp/bin:$PATH"
touch "$tmp/netns/tenant1" "$tmp/netns/tenant2" "$tmp/files/cmds.txt"
printf '# comment\n200\tmyproto\n 201 other # x\n' >"$tmp/iproute2/rt_protos"
printf '202 fromdir\n' >"$tmp/iproute2/rt_protos.d/extra.conf"
printf '203 ignored\n' >"$tmp/iproute2/rt_protos.d/extra.txt"

# shellcheck source=../../userspace/completion/vrnl
source "$COMPLETION" || exit 1
_vrnl_rt_dirs=$tmp/iproute2
_vrnl_netns_dir=$tmp/netns

# comp WANT -- WORD...: completing the last WORD (the cursor's) offers
# exactly the words of WANT, in any order.
comp() {
	local want=$1 got
	shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_vrnl
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
	# shellcheck disable=SC2086 # a list of words
	want=$(printf '%s\n' $want | sort | xargs)
	if [ "$got" != "$want" ]; then
		echo "\`$*\`: got \"$got\", want \"$want\""
		return 1
	fi
}

t_registered() {
	complete -p vrnl | grep -q -- '-F _vrnl vrnl$'
}

t_options() {
	comp "-V -Version -statistics -details -json -pretty -oneline -timestamp -4 -6 -netns -force -batch -help" -- vrnl - &&
	comp "-details" -- vrnl -d &&
	comp "-V -Version" -- vrnl -j -V &&
	comp "vr link route monitor help" -- vrnl "" &&
	comp "vr link route monitor help" -- vrnl -s -d -j -p -o -t -4 "" &&
	comp "vr link route monitor help" -- vrnl --json -- "" &&
	comp "route" -- vrnl -6 r &&
	comp "" -- vrnl -Version ""
}

# Every option parse_option() reads is offered (-stats and -vr are
# spellings of -statistics and -V).
t_options_match_source() {
	local src want
	src=$(awk '/^static int parse_option/,/^}/' "$REPO/userspace/vrnl.c" |
	      grep -oE '"-[A-Za-z0-9]+"' | tr -d '"' | grep -vxE -- '-stats|-vr' |
	      sort -u | xargs)
	[ -n "$src" ] || { echo "no options found in vrnl.c"; return 1; }
	comp "$src" -- vrnl -
}

t_option_values() {
	comp "red blue" -- vrnl -V "" &&
	comp "red" -- vrnl -vr r &&
	comp "blue" -- vrnl --V b &&
	comp "tenant1 tenant2" -- vrnl -n "" &&
	comp "tenant2" -- vrnl -netns tenant2 &&
	comp "$tmp/files/cmds.txt" -- vrnl -batch "$tmp/files/" &&
	comp "-" -- vrnl -force -b - &&
	comp "" -- vrnl -batch x "" &&
	comp "-json" -- vrnl -batch x -j
}

# With -n, the VR names come from that namespace.
t_netns_passed_on() {
	: >"$STUB_LOG"
	comp "red blue" -- vrnl -n tenant1 -V "" &&
	grep -qx -- "-n tenant1 vr show" "$STUB_LOG"
}

t_vr() {
	comp "add delete show list help" -- vrnl vr "" &&
	comp "delete" -- vrnl v d &&
	comp "red blue" -- vrnl vr del "" &&
	comp "red" -- vrnl vr show r &&
	comp "1 7" -- vrnl vr delete id "" &&
	comp "red blue" -- vrnl vr sh name "" &&
	comp "" -- vrnl vr del red "" &&
	comp "name id" -- vrnl vr add "" &&
	comp "id" -- vrnl vr add green "" &&
	comp "" -- vrnl vr add green id "" &&
	comp "" -- vrnl vr add name green id 5 ""
}

t_link() {
	comp "set show list help" -- vrnl link "" &&
	comp "set show" -- vrnl l s &&
	comp "dev vr vport nomaster" -- vrnl link set "" &&
	comp "vr vport nomaster" -- vrnl link set dev eth0 "" &&
	comp "vr vport nomaster" -- vrnl link set eth0 "" &&
	comp "red blue" -- vrnl link set dev eth0 vr "" &&
	comp "red blue" -- vrnl link set dev eth0 master "" &&
	comp "vport" -- vrnl link set dev eth0 vr red "" &&
	comp "" -- vrnl link set dev eth0 vr red vport "" &&
	comp "" -- vrnl link set dev eth0 nomaster "" &&
	comp "lo" -- vrnl link set dev lo &&
	comp "dev vr" -- vrnl link show "" &&
	comp "vr" -- vrnl link sh eth1 "" &&
	comp "eth1 veth1 eth2 up0" -- vrnl link show dev "" &&
	comp "eth1 veth1" -- vrnl -V red link show dev "" &&
	comp "red blue" -- vrnl link list vr ""
}

t_route_commands() {
	comp "add change replace prepend append delete show list get flush help" -- vrnl route "" &&
	comp "add append" -- vrnl r a &&
	comp "" -- vrnl route save ""
}

t_route_modify() {
	local kw="via dev src metric scope proto table vrf onlink pref nexthop"
	comp "unicast local unreachable prohibit blackhole to default $kw" -- vrnl route add "" &&
	comp "blackhole" -- vrnl route add b &&
	comp "default" -- vrnl route add blackhole "" &&
	comp "unicast local unreachable prohibit blackhole default" -- vrnl route add to "" &&
	comp "$kw" -- vrnl -V red route add 10.2.0.0/16 "" &&
	comp "$kw" -- vrnl route replace to unreachable 10.2.0.0/16 "" &&
	comp "metric" -- vrnl route add 10.2.0.0/16 m &&
	comp "dev src metric scope proto table vrf onlink pref" -- vrnl route add 10.2.0.0/16 via 10.0.0.2 "" &&
	comp "via src metric scope proto table vrf onlink pref" -- vrnl route add 10.2.0.0/16 dev veth1 "" &&
	comp "inet inet6" -- vrnl route add 10.2.0.0/16 via "" &&
	comp "" -- vrnl route add 10.2.0.0/16 via inet6 "" &&
	comp "${kw/metric /}" -- vrnl route add 10.2.0.0/16 metric 5 "" &&
	comp "red blue" -- vrnl route add 10.2.0.0/16 table "" &&
	comp "blue" -- vrnl route add 10.2.0.0/16 vrf b &&
	comp "medium" -- vrnl -6 route add 2001:db8::/64 pref "" &&
	comp "host link global nowhere site" -- vrnl route add 10.2.0.0/16 scope "" &&
	comp "" -- vrnl route add 10.2.0.0/16 tos "" &&
	comp "" -- vrnl route add 10.2.0.0/16 src ""
}

t_route_devices() {
	comp "eth1 veth1" -- vrnl -V red route add 10.2.0.0/16 dev "" &&
	comp "eth2 up0" -- vrnl route add 10.2.0.0/16 table blue dev "" &&
	comp "eth1 veth1 eth2 up0" -- vrnl route add 10.2.0.0/16 dev "" &&
	comp "veth1" -- vrnl -V red route add 10.2.0.0/16 oif v &&
	# A VR without ports: the host's devices.
	comp "lo" -- vrnl -V 99 route add 10.2.0.0/16 dev lo
}

t_route_protos() {
	comp "static" -- vrnl route add 10.2.0.0/16 proto sta &&
	comp "myproto" -- vrnl route add 10.2.0.0/16 proto my &&
	comp "other" -- vrnl route add 10.2.0.0/16 protocol oth &&
	comp "fromdir" -- vrnl route add 10.2.0.0/16 pro fr &&
	comp "" -- vrnl route add 10.2.0.0/16 proto ign &&
	comp "all" -- vrnl route show proto al
}

t_route_nexthops() {
	comp "via dev weight onlink nexthop" -- vrnl route add 10.3.0.0/16 nexthop "" &&
	comp "via dev weight onlink nexthop" -- vrnl route add 10.3.0.0/16 nexthop via 10.0.0.2 "" &&
	comp "inet inet6" -- vrnl route add 10.3.0.0/16 nexthop via "" &&
	comp "" -- vrnl route add 10.3.0.0/16 nexthop via 10.0.0.2 weight "" &&
	comp "eth1 veth1" -- vrnl -V red route add 10.3.0.0/16 nexthop via 10.0.0.2 dev "" &&
	comp "nexthop" -- vrnl route add 10.3.0.0/16 nexthop via 10.0.0.2 weight 1 onlink n
}

# bash splits IPv6 addresses at ':' (COMP_WORDBREAKS); the pieces are one
# word to vrnl, and there is nothing to complete inside an address.
t_route_ipv6_words() {
	comp "inet inet6" -- vrnl -6 route add 2001 : db8 :: /64 via "" &&
	comp "dev src metric scope proto table vrf onlink pref" -- vrnl -6 route add 2001 : db8 :: /64 via fe80 :: 1 "" &&
	comp "" -- vrnl -6 route add 2001 : db8 : &&
	comp "" -- vrnl -6 route add 2001 : db8 :: /64 via fe80 ::
}

t_route_show() {
	local kw="root match exact table vrf proto scope type dev via src metric"
	comp "$kw" -- vrnl route show "" &&
	comp "root" -- vrnl route show r &&
	comp "match metric" -- vrnl route show m &&
	comp "table vrf proto scope type dev via src metric" -- vrnl route list 10.0.0.0/8 "" &&
	comp "match table vrf proto scope type dev via src metric" -- vrnl route show root 10.0.0.0/8 "" &&
	comp "table vrf proto scope type dev via src metric" -- vrnl route show exact 10.0.0.0/8 "" &&
	comp "root table vrf proto scope type dev via src metric" -- vrnl route show match 10.0.0.0/8 "" &&
	comp "root match exact" -- vrnl route show to "" &&
	comp "red blue" -- vrnl route show table "" &&
	comp "unicast local unreachable prohibit blackhole" -- vrnl route show type "" &&
	comp "link" -- vrnl route flush scope li &&
	comp "all" -- vrnl route flush scope a &&
	comp "eth1 veth1" -- vrnl route show table red dev "" &&
	comp "inet inet6" -- vrnl route flush via ""
}

t_route_get() {
	comp "fibmatch to table vrf" -- vrnl route get "" &&
	comp "fibmatch table vrf" -- vrnl route get 10.2.3.4 "" &&
	comp "table vrf" -- vrnl route get fibmatch 10.2.3.4 "" &&
	comp "red blue" -- vrnl route get 10.2.3.4 vrf "" &&
	comp "fibmatch" -- vrnl route get 10.2.3.4 table red "" &&
	comp "" -- vrnl route get from ""
}

t_monitor() {
	comp "all vr link route" -- vrnl monitor "" &&
	comp "all link route" -- vrnl mon vr "" &&
	comp "" -- vrnl monitor all ""
}

tap_plan 16
run_test "completion: registered for vrnl" t_registered
run_test "completion: options and objects" t_options
run_test "completion: every option of vrnl.c" t_options_match_source
run_test "completion: option values (VRs, namespaces, files)" t_option_values
run_test "completion: -n is passed on to vrnl" t_netns_passed_on
run_test "completion: vr" t_vr
run_test "completion: link" t_link
run_test "completion: route commands" t_route_commands
run_test "completion: route add keywords" t_route_modify
run_test "completion: route devices of the VR" t_route_devices
run_test "completion: route protocols (rt_protos)" t_route_protos
run_test "completion: route nexthops" t_route_nexthops
run_test "completion: IPv6 words split by bash" t_route_ipv6_words
run_test "completion: route show/flush selectors" t_route_show
run_test "completion: route get" t_route_get
run_test "completion: monitor" t_monitor
tap_finish
