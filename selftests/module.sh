#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vrs.ko lifecycle: autoload on first use, insmod/rmmod cycles with VRs
# present in several namespaces, namespace teardown with VRs.
source "$(dirname "$0")/lib.sh"

unload() { ! grep -q '^vrs ' /proc/modules || rmmod vrs; }

t_autoload() {
	unload || return 1
	# The first request for the family makes the kernel modprobe vrs.
	expect 0 "" "" -- vrnl vr show &&
	grep -q '^vrs ' /proc/modules
}

t_rmmod_with_vrs() {
	local cycle i
	for cycle in 1 2 3 4 5; do
		modprobe vrs || return 1
		for i in $(seq 200); do echo "vr add c${cycle}v$i"; done |
			vrnl -batch - || return 1
		ip netns add cyc$cycle &&
		vrnl -n cyc$cycle vr add inner || return 1
		[ "$(vrnl vr show | wc -l)" = 200 ] || { echo "cycle $cycle: count"; return 1; }
		rmmod vrs || { echo "cycle $cycle: rmmod failed"; return 1; }
		ip netns del cyc$cycle
	done
}

t_netns_teardown() {
	local i
	modprobe vrs || return 1
	for i in 1 2 3; do
		ip netns add td$i && vrnl -n td$i vr add a && vrnl -n td$i vr add b || return 1
	done
	for i in 1 2 3; do ip netns del td$i; done
	sleep 1	# cleanup_net runs from a workqueue
	rmmod vrs
}

t_module_params() {
	modprobe vrs max_vrs=3 || return 1
	vrnl vr add p1 && vrnl vr add p2 && vrnl vr add p3 || return 1
	expect 2 "" "Error: Too many VRs in this namespace (module parameter max_vrs)." \
		-- vrnl vr add p4
	local rc=$?
	rmmod vrs
	return $rc
}

unload
tap_plan 4
run_test autoload t_autoload
run_test rmmod_with_vrs t_rmmod_with_vrs
run_test netns_teardown t_netns_teardown
run_test module_params t_module_params
unload
tap_finish
