#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side unit tests (no VM): vrnl helpers and the FIB, under ASan/UBSan;
# the bash completion and the man page of vrnl.
# kselftest layout: one result per suite, nested output, "# Totals:" line.
# A suite is a directory whose Makefile has a "check" target, or a script.
cd "$(dirname "$0")/.." || exit 1

suites=("userspace/tests" "selftests/fib" "selftests/docs/completion_test.sh"
	"selftests/docs/manpage_test.sh")
n=0 pass=0 fail=0 skip=0
echo "TAP version 13"
echo "1..${#suites[@]}"
for s in "${suites[@]}"; do
	n=$((n + 1))
	if [ -f "$s/Makefile" ]; then
		run=(make -s -C "$s" check)
	elif [ -x "$s" ]; then
		run=("$s")
	else
		skip=$((skip + 1))
		echo "ok $n unit: $s # SKIP not present"
		continue
	fi
	echo "# unit: $s"
	"${run[@]}" 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1)); echo "ok $n unit: $s"
	elif [ "$rc" -eq 4 ]; then	# kselftest's skip
		skip=$((skip + 1)); echo "ok $n unit: $s # SKIP"
	else
		fail=$((fail + 1)); echo "not ok $n unit: $s"
	fi
done
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
