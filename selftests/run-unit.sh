#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side unit tests (no VM): vrnl helpers and the FIB, under ASan/UBSan.
# kselftest layout: one result per suite, nested output, "# Totals:" line.
cd "$(dirname "$0")/.." || exit 1

suites=("userspace/tests" "selftests/fib")
n=0 pass=0 fail=0 skip=0
echo "TAP version 13"
echo "1..${#suites[@]}"
for s in "${suites[@]}"; do
	n=$((n + 1))
	if [ ! -f "$s/Makefile" ]; then
		skip=$((skip + 1))
		echo "ok $n unit: $s # SKIP not present"
		continue
	fi
	echo "# unit: $s"
	make -s -C "$s" check 2>&1 | sed 's/^/# /'
	if [ "${PIPESTATUS[0]}" -eq 0 ]; then
		pass=$((pass + 1)); echo "ok $n unit: $s"
	else
		fail=$((fail + 1)); echo "not ok $n unit: $s"
	fi
done
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
