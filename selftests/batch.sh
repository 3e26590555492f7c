#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vrnl -batch sends route changes many per request (VRS_CMD_ROUTE_BATCH);
# what it prints, exits with and leaves in the VRs must be exactly what
# the same lines give when run one vrnl process each, the way `ip -batch`
# runs them: failures in the middle, -force, a parse error after a failing
# line, mixed route/vr/show lines, VR changes between lines, stdin, and
# requests of 1, 2 or many ops.
source "$(dirname "$0")/lib.sh"

T=/tmp/vrs-batch
cleanup() {
	local vrs
	vrs=$(vrnl vr show 2>/dev/null | cut -d' ' -f1)
	# shellcheck disable=SC2086
	[ -z "$vrs" ] || printf 'vr del %s\n' $vrs | vrnl -batch -
	ip link del bt0 2>/dev/null
}

# A VR "red" whose vport vbt0 has 10.0.0.1/24 and 2001:db8::1/64.  Few
# processes: each costs ~1 s in the debug kernel (make check-debug).
setup_red() {
	cleanup
	printf '%s\n' "link add bt0 type veth peer name bt0p" "link set bt0 up" |
		ip -batch - &&
	printf '%s\n' "vr add red" "link set dev bt0 vr red vport vbt0" |
		vrnl -batch - &&
	printf '%s\n' "link set vbt0 up" "addr add 10.0.0.1/24 dev vbt0" \
		"addr add 2001:db8::1/64 dev vbt0 nodad" | ip -batch - || return 1
	local i
	for i in $(seq 100); do	# kernel routes follow the addresses
		vrnl -6 route show table red | grep -q '^2001:db8::/64' &&
			vrnl route show table red | grep -q '^10.0.0.0/24' && return 0
		sleep 0.05
	done
	echo "kernel routes of vbt0 did not appear"
	return 1
}

# Every VR's routes, both families ("vr show NAME" lines separate the
# VRs in the output of the two batches).
state() {
	local vrs vr
	vrs=$(vrnl vr show 2>&1)
	printf '%s\n' "$vrs"
	for vr in $(cut -d' ' -f1 <<<"$vrs"); do
		echo "vr show $vr"
		echo "route show table $vr"
	done > $T.show
	[ -s $T.show ] || return 0
	vrnl -batch $T.show
	vrnl -6 -batch $T.show
}

# ref_batch FILE [OPTION...]: ip -batch's loop, one vrnl per line.
ref_batch() {
	local file=$1 n=0 worst=0 line rc force=
	shift
	case " $* " in *" -force "*) force=1 ;; esac
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=${line%%#*}
		set -f
		# shellcheck disable=SC2086
		set -- $line
		set +f
		[ $# -eq 0 ] && continue
		vrnl "${opts[@]}" "$@"
		rc=$?
		[ $rc -eq 255 ] && return 255
		if [ $rc -ne 0 ]; then
			echo "Command failed $file:$n" >&2
			worst=1
			[ -n "$force" ] || return 1
		fi
	done < "$file"
	return $worst
}

# differ FILE [OPTION...]: the batch (default size, 1 and 2 ops per
# request) against the reference: exit code, stdout, stderr, end state.
differ() {
	local file=$1 max rc
	shift
	opts=("$@")
	setup_red || return 1
	ref_batch "$file" "$@" > $T.ref.out 2> $T.ref.err
	echo "exit $?" >> $T.ref.out
	state > $T.ref.state 2>&1
	for max in "" 1 2; do
		setup_red || return 1
		VRNL_BATCH_MAX=$max vrnl "$@" -batch "$file" > $T.out 2> $T.err
		echo "exit $?" >> $T.out
		state > $T.state 2>&1
		for k in out err state; do
			if ! diff -u $T.ref.$k $T.$k; then
				echo "$file $* (VRNL_BATCH_MAX=$max): $k differs"
				return 1
			fi
		done
	done
	[ -n "$VERBOSE" ] && cat $T.ref.err
	return 0
}

# Failures of every kind between successes, a second VR appearing (lines
# without a VR then name none), other commands in between.
cat > $T.mixed <<'EOF'
route add 10.10.1.0/24 via 10.0.0.2
route add 10.10.2.0/24 via 10.0.0.2
route add 2001:db8:10::/48 via 2001:db8::2
route add 10.10.1.0/24 via 10.0.0.3
route append 10.10.2.0/24 via 10.0.0.4
route show
route del 10.10.9.0/24
# a comment, then a blank line

route change 10.10.4.0/24 via 10.0.0.2
route add 10.10.5.0/24 dev lo
route add 10.10.6.0/24 dev nosuchdev
route add 10.10.7.0/24 via 10.77.0.1
route add 10.10.8.0/24 via 10.0.0.2 table nosuch
route prepend 10.10.2.0/24 via 10.0.0.5
vr add blue
route add 10.10.10.0/24 via 10.0.0.2
route add 10.10.11.0/24 via 10.0.0.2 table red
route add blackhole 10.10.12.0/24 table blue
route replace 10.10.1.0/24 via 10.0.0.6 table red
route del 10.10.12.0/24 table blue
route add 10.10.13.0/24 via 10.0.0.2 table red
route delete 2001:db8:10::/48 table red
EOF

# A parse error (exit 255) after a line that fails in the kernel.
cat > $T.parse <<'EOF'
route add 10.20.1.0/24 via 10.0.0.2
route add 10.20.1.0/24 via 10.0.0.2
route add 10.20.2.0/24 via 10.0.0.2
route add 10.20.3.0/24 via bogus
route add 10.20.4.0/24 via 10.0.0.2
EOF

# The same with nothing failing before the parse error.
cat > $T.parse2 <<'EOF'
route add 10.20.1.0/24 via 10.0.0.2
route add 10.20.2.0/24 via 10.0.0.2 frob
route add 10.20.3.0/24 via 10.0.0.2
EOF

t_mixed() { differ $T.mixed; }
t_mixed_force() { differ $T.mixed -force; }
t_parse_after_failure() { differ $T.parse && differ $T.parse -force; }
t_parse_error() { differ $T.parse2 && differ $T.parse2 -force; }
t_with_vr_option() { differ $T.parse -V red -force; }

# Thousands of routes from stdin span many requests; a failure deep in a
# later request is reported with its line, and nothing after it is added.
t_stdin_many() {
	setup_red || return 1
	local i
	for i in $(seq 0 2999); do
		echo "route add 100.$((i / 256)).$((i % 256)).0/24 via 10.0.0.2"
		[ "$i" = 2400 ] && echo "route add 100.0.5.0/24 via 10.0.0.9"
	done > $T.many
	expect 1 "" "RTNETLINK answers: File exists
Command failed -:2402" -- sh -c "vrnl -batch - < $T.many" || return 1
	[ "$(vrnl route show table red | grep -c '^100\.')" = 2401 ] || {
		echo "routes: $(vrnl route show table red | grep -c '^100\.'), want 2401"
		return 1
	}
	setup_red || return 1
	expect 1 "" "RTNETLINK answers: File exists
Command failed -:2402" -- sh -c "vrnl -force -batch - < $T.many" &&
	[ "$(vrnl route show table red | grep -c '^100\.')" = 3000 ]
}

# One notification per route, in line order.
t_monitor() {
	setup_red || return 1
	vrnl monitor route > $T.mon &
	local pid=$! i
	for i in $(seq 50); do
		vrnl route add blackhole 198.18.0.0/24 && vrnl route del blackhole 198.18.0.0/24
		grep -q '^Deleted blackhole 198.18.0.0/24' $T.mon && break
		sleep 0.1
	done
	printf 'route add 10.40.%d.0/24 via 10.0.0.2\n' 1 2 3 | vrnl -batch - &&
	printf 'route del 10.40.%d.0/24\n' 2 | vrnl -batch -
	sleep 0.3
	kill $pid
	wait $pid 2>/dev/null
	expect 0 "10.40.1.0/24 via 10.0.0.2 dev vbt0 
10.40.2.0/24 via 10.0.0.2 dev vbt0 
10.40.3.0/24 via 10.0.0.2 dev vbt0 
Deleted 10.40.2.0/24 via 10.0.0.2 dev vbt0 " "" -- grep '10\.40\.' $T.mon
}

t_unprivileged() {
	setup_red || return 1
	expect 1 "" "RTNETLINK answers: Operation not permitted
Command failed -:1" -- setpriv --reuid=65534 --regid=65534 --clear-groups \
		sh -c "echo 'route add 10.50.0.0/24 via 10.0.0.2' | vrnl -batch -" &&
	! vrnl route show table red | grep -q 10.50
}

need_vrs || { tap_plan 0; exit "$KSFT_SKIP"; }
tap_plan 8
run_test mixed t_mixed
run_test mixed_force t_mixed_force
run_test parse_after_failure t_parse_after_failure
run_test parse_error t_parse_error
run_test with_vr_option t_with_vr_option
run_test stdin_many t_stdin_many
run_test monitor t_monitor
run_test unprivileged t_unprivileged
cleanup
rm -f $T.*
tap_finish
