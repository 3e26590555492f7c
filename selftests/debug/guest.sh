#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of check-debug.sh: run several test programs in one boot of
# the debug kernel and pin every kernel report on the program that caused
# it.  After each program the taint flags and the new dmesg lines are
# checked; a report ends the boot (a KASAN report switches lock debugging
# off, so later programs must get a fresh boot: check-debug.sh gives them
# one).  kmemleak is scanned by vm.sh once the last program is done.
#
# Usage (inside the debug-kernel VM): guest.sh TEST...
#   TEST as in run-vm-tests.sh; debug/faultinject@K/N runs shard K of N
#   of the fault-injection cases (FAULTINJECT_SHARD).
# Output (stdout): per program
#   VRSDBG-BEGIN <test>
#   <the program's TAP from run-vm-tests.sh>
#   VRSDBG-END <test> <exit status> clean|report
# then the report lines as "# " lines if there was one.  A kernel that
# is already tainted or has reported before the first program (an
# early-boot report, nothing of ours loaded yet) gives
#   VRSDBG-EARLY <what>
# and exit 75: check-debug.sh boots again.
cd "$(dirname "$0")/.." || exit 1
kml=/sys/kernel/debug/kmemleak
# The report lines vm.sh's own post-run check looks for (one definition).
REPORT_RE=$(sed -n "s/^DMESG_RE='\(.*\)'\$/\1/p" vm/guest-init.sh)
[[ -n $REPORT_RE ]] || { echo "# no DMESG_RE in vm/guest-init.sh"; exit 1; }
PROG_TIMEOUT=${VRS_DEBUG_PROG_TIMEOUT:-1200}
seen=0

# Taint bits other than O (out-of-tree module) and E (unsigned module).
bad_taint() {
	local t
	t=$(cat /proc/sys/kernel/tainted)
	((t & ~(4096 | 8192))) && echo "kernel tainted: /proc/sys/kernel/tainted=$t"
}

# Prints the report lines dmesg got since the last call.
new_reports() {
	local lines
	lines=$(dmesg | grep -aE "$REPORT_RE")
	[[ -n $lines ]] || return 0
	tail -n +$((seen + 1)) <<<"$lines"
	seen=$(wc -l <<<"$lines")
}

# vm.sh scans kmemleak after the command; a kernel without it (or with
# kmemleak disabled by an earlier error) would pass silently.
if ! [ -w $kml ] || ! echo scan >$kml 2>/dev/null; then
	echo "# kmemleak is not active in this kernel ($(uname -r)): not a debug kernel?"
	exit 1
fi
# The periodic scan costs ~30 s of CPU per 10 min under KASAN and TCG and
# is not needed: vm.sh scans at the end.
echo scan=off >$kml
early="$(bad_taint)$(new_reports)"
if [[ -n $early ]]; then
	echo "VRSDBG-EARLY $(head -n1 <<<"$early")"
	exit 75
fi
echo "# detectors: $(zcat /proc/config.gz 2>/dev/null |
	grep -oE '^CONFIG_(KASAN|PROVE_LOCKING|PROVE_RCU|DEBUG_KMEMLEAK|DEBUG_ATOMIC_SLEEP|FAILSLAB|UBSAN|DEBUG_OBJECTS)=y' |
	sed 's/^CONFIG_//; s/=y$//' | tr '\n' ' ')"

worst=0
for t in "$@"; do
	prog=${t%@*}
	unset FAULTINJECT_SHARD
	[[ $t == *@* ]] && export FAULTINJECT_SHARD=${t#*@}
	echo "VRSDBG-BEGIN $t"
	timeout -k 10 "$PROG_TIMEOUT" ./run-vm-tests.sh "$prog"
	rc=$?
	((rc == 124)) && echo "# $t: no result after ${PROG_TIMEOUT}s (VRS_DEBUG_PROG_TIMEOUT)"
	report="$(bad_taint)$(new_reports)"
	if [[ -n $report ]]; then
		echo "VRSDBG-END $t $rc report"
		sed 's/^/# /' <<<"$report"
		exit 3
	fi
	echo "VRSDBG-END $t $rc clean"
	((rc == 0)) || worst=1
done
exit $worst
