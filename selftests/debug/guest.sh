#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of check-debug.sh: make sure the detectors are armed, then run
# one selftest program through run-vm-tests.sh (TAP on stdout).
#
# Usage (inside the debug-kernel VM): guest.sh TEST
cd "$(dirname "$0")/.." || exit 1
kml=/sys/kernel/debug/kmemleak

# vm.sh scans kmemleak after the command; a kernel without it (or with
# kmemleak disabled by an earlier error) would pass silently.
if ! [ -w $kml ] || ! echo scan >$kml 2>/dev/null; then
	echo "# kmemleak is not active in this kernel ($(uname -r)): not a debug kernel?"
	exit 1
fi
echo "# detectors: $(zcat /proc/config.gz 2>/dev/null |
	grep -oE '^CONFIG_(KASAN|PROVE_LOCKING|PROVE_RCU|DEBUG_KMEMLEAK|DEBUG_ATOMIC_SLEEP|FAILSLAB|UBSAN|DEBUG_OBJECTS)=y' |
	sed 's/^CONFIG_//; s/=y$//' | tr '\n' ' ')"
exec ./run-vm-tests.sh "$@"
