#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: the unit tests on the host, the VM harness's own tests,
# then the selftests in the VM.
# Ends with one line counting every individual test case:
#   "N passed, N failed, N skipped"
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp /tmp/vrs-check.XXXXXX)
rc=0

selftests/run-unit.sh 2>&1 | tee -a "$log" || rc=1
# The VM harness itself, before the selftests trust it (~80 s).
{
	set -o pipefail
	echo "TAP version 13"
	echo "1..1"
	echo "# vm harness: selftests/vm/selftest.sh"
	if selftests/vm/selftest.sh 2>&1 | sed 's/^/# /'; then
		echo "ok 1 vm harness"
		echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
	else
		echo "not ok 1 vm harness"
		echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
		false
	fi
} 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
make -s check-vm 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1

# Test cases are the results nested one level inside a suite.
passed=$(grep -cE '^# ok [0-9]+ ' "$log" | tr -d ' ')
skipped=$(grep -cE '^# ok [0-9]+ .*# SKIP' "$log" | tr -d ' ')
failed=$(grep -cE '^# not ok [0-9]+ ' "$log" | tr -d ' ')
passed=$((passed - skipped))
# A suite that failed without reporting a case (crash, boot failure) counts.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
rm -f "$log"
exit $rc
