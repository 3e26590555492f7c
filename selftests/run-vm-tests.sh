#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs every VRS selftest inside the test VM, kselftest style: one TAP line
# per test program, its own TAP output nested as "# " diagnostics, and a
# closing "# Totals:" line.  Exit 0 only if nothing failed.
#
# Usage: run-vm-tests.sh [TEST...]   (default: all)
#        run-vm-tests.sh --list      the default list
cd "$(dirname "$0")" || exit 1
export PATH="$PWD/../userspace:$PATH"

ALL_TESTS="netlink/vrs_nl_test netlink/vrs_port_test netlink/vrs_route_test netlink/vrs_batch_test
vr_cli.sh batch.sh port.sh
forwarding.sh route_cli.sh route_diff.sh route_scale.sh module.sh"
if [ "${1:-}" = --list ]; then
	echo $ALL_TESTS
	exit 0
fi
tests=${*:-$ALL_TESTS}

n=0 pass=0 fail=0 skip=0
set -- $tests
echo "TAP version 13"
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	start=$(date +%s)
	echo "# selftests: vrs: $t"
	./"$t" 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) pass=$((pass + 1)); echo "ok $n selftests: vrs: $t # ${secs}s" ;;
	4) skip=$((skip + 1)); echo "ok $n selftests: vrs: $t # SKIP" ;;
	*) fail=$((fail + 1)); echo "not ok $n selftests: vrs: $t # exit=$rc" ;;
	esac
	# A leftover module state must not leak into the next program.
	grep -q '^vrs ' /proc/modules && rmmod vrs 2>/dev/null
done
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
