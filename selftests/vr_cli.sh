#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vrnl vr: the CLI against the module: output, errors and exit codes as ip's,
# JSON validity, batch, abbreviations, monitor, permissions.
source "$(dirname "$0")/lib.sh"

cleanup() { vrnl vr show 2>/dev/null | while read -r n _; do vrnl vr del "$n"; done; }

t_add_show_del() {
	expect 0 "" "" -- vrnl vr add red &&
	expect 0 "" "" -- vrnl vr add blue id 7 &&
	expect 0 "red id 1
blue id 7" "" -- vrnl vr show &&
	expect 0 "blue id 7" "" -- vrnl vr show blue &&
	expect 0 "blue id 7" "" -- vrnl vr show 7 &&
	expect 0 "" "" -- vrnl vr del 7 &&
	expect 0 "" "" -- vrnl vr del red &&
	expect 0 "" "" -- vrnl vr show
}

t_show_roundtrip() {
	vrnl vr add a.b-c_d id 100 && vrnl vr add zz id 5 || return 1
	local saved
	saved=$(vrnl vr show) && cleanup &&
	printf '%s\n' "$saved" | sed 's/^/vr add /' | vrnl -batch - &&
	expect 0 "$saved" "" -- vrnl vr show
	cleanup
}

t_kernel_errors() {
	vrnl vr add red || return 1
	expect 2 "" "Error: A VR with this name already exists." -- vrnl vr add red &&
	expect 2 "" "Error: VR name is longer than 15 bytes." -- vrnl vr add sixteen-bytes-xx &&
	expect 2 "" "Error: VR name must not be a number (it would read as an id)." -- vrnl vr add name 123 &&
	expect 2 "" "Error: VR name may only contain letters, digits, '_', '.' and '-'." -- vrnl vr add 'a b' &&
	expect 1 "" "Error: No VR with this name." -- vrnl vr del nosuch &&
	expect 1 "" "Error: No VR with this id." -- vrnl vr del 99 &&
	expect 1 "" 'VR "nosuch" does not exist.' -- vrnl vr show nosuch
	local rc=$?
	cleanup
	return $rc
}

t_argument_errors() {
	expect 255 "" 'Error: argument "abc" is wrong: "id" value is invalid' -- vrnl vr add x id abc &&
	expect 255 "" 'Command "frob" is unknown, try "vrnl vr help".' -- vrnl vr frob &&
	expect 1 "" 'Object "frob" is unknown, try "vrnl help".' -- vrnl frob &&
	expect 255 "" 'Command line is not complete. Try option "help"' -- vrnl vr add x id &&
	expect 255 "" 'Option "-q" is unknown, try "vrnl -help".' -- vrnl -q vr show &&
	expect 255 "" "*" -- vrnl vr help &&
	vrnl vr help 2>&1 | grep -q '^ID := { 1..4294967295 }$'
}

t_abbreviations() {
	expect 0 "" "" -- vrnl v a abbr id 3 &&
	expect 0 "abbr id 3" "" -- vrnl v s &&
	expect 0 "abbr id 3" "" -- vrnl v l abbr &&
	expect 0 "" "" -- vrnl v d abbr
}

t_json() {
	vrnl vr add j1 id 1 && vrnl vr add 'j-2.x' id 2 || return 1
	expect 0 '[{"name":"j1","id":1},{"name":"j-2.x","id":2}]' "" -- vrnl -j vr show &&
	vrnl -j -p vr show | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==2 and d[1]["id"]==2' &&
	expect 0 '[{"name":"j1","id":1}]' "" -- vrnl -j vr show j1 &&
	cleanup && expect 0 '[]' "" -- vrnl -j vr show
}

t_batch() {
	local f=/tmp/vr.batch
	printf 'vr add b1\n# a comment\n\nvr add b1\nvr add b2\n' > $f
	expect 1 "" "Error: A VR with this name already exists.
Command failed $f:4" -- vrnl -batch $f &&
	expect 0 "b1 id 1" "" -- vrnl vr show && cleanup &&
	expect 1 "" "Error: A VR with this name already exists.
Command failed $f:4" -- vrnl -force -batch $f &&
	expect 0 "b1 id 1
b2 id 2" "" -- vrnl vr show
	local rc=$?
	cleanup
	return $rc
}

t_monitor() {
	local out=/tmp/monitor.out i
	vrnl monitor vr > $out &
	local pid=$!
	# The monitor is listening once it reports a probe VR.
	for i in $(seq 50); do
		vrnl vr add probe && vrnl vr del probe
		grep -q '^Deleted probe' $out && break
		sleep 0.1
	done
	vrnl vr add mon id 9 && vrnl vr del mon
	sleep 0.3
	kill $pid
	wait $pid 2>/dev/null
	sed -n '/^mon/,$p' $out > $out.tail
	expect 0 "mon id 9
Deleted mon id 9" "" -- cat $out.tail
}

t_unprivileged() {
	vrnl vr add priv || return 1
	expect 2 "" "RTNETLINK answers: Operation not permitted" -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups vrnl vr add evil &&
	expect 2 "" "RTNETLINK answers: Operation not permitted" -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups vrnl vr del priv &&
	expect 0 "priv id 1" "" -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups vrnl vr show
	local rc=$?
	cleanup
	return $rc
}

t_netns() {
	ip netns add vrt || return 1
	vrnl vr add outer id 1 &&
	expect 0 "" "" -- vrnl -n vrt vr add inner id 1 &&
	expect 0 "inner id 1" "" -- ip netns exec vrt vrnl vr show &&
	expect 0 "outer id 1" "" -- vrnl vr show
	local rc=$?
	ip netns del vrt	# its VR goes with it
	cleanup
	return $rc
}

need_vrs || { tap_plan 0; exit "$KSFT_SKIP"; }
cleanup
tap_plan 10
run_test add_show_del t_add_show_del
run_test show_roundtrip t_show_roundtrip
run_test kernel_errors t_kernel_errors
run_test argument_errors t_argument_errors
run_test abbreviations t_abbreviations
run_test json t_json
run_test batch t_batch
run_test monitor t_monitor
run_test unprivileged t_unprivileged
run_test netns t_netns
tap_finish
