#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the whole selftest suite, plus fault injection and
# the netlink fuzzer, in the debug kernel (KASAN, lockdep, PROVE_RCU,
# kmemleak, DEBUG_ATOMIC_SLEEP, fault injection; see debug-kernel.config).
#
#   1. build-kernel.sh: the debug kernel, cached by the fragment's hash;
#   2. vrs.ko against it, from a copy of the sources in a temporary dir
#      (the normal ./vrs.ko is left alone);
#   3. the programs are split over VRS_DEBUG_JOBS lanes (longest first, by
#      the measured times in program-times); a lane boots once for all of
#      its programs (a boot and its kmemleak scans cost ~2 min under KASAN
#      and TCG).  guest.sh checks taint and dmesg after every program and
#      ends the boot at the first report, because a KASAN report switches
#      lockdep off: the lane's remaining programs get a fresh boot.  If the
#      boot's final kmemleak scan reports, each of its programs is run
#      again in a boot of its own to find the one that leaks.  A boot
#      whose kernel reported before the first program (an early-boot
#      report under TCG, before vrs.ko is loaded) is booted again, once.
#
# Output: kselftest TAP (one result per program, in program order, its
# own TAP nested as "# " lines), "# Totals:", then "N passed, N failed,
# N skipped" counting the individual cases as selftests/check.sh does.
# Exit 0 only if clean.
#
# Usage: check-debug.sh [TEST...]   (default: all; names as in
#        run-vm-tests.sh, e.g. netlink/vrs_nl_test debug/nlfuzz, and
#        debug/faultinject@K/N for shard K of N of the fault injection)
# Env:   VRS_DEBUG_JOBS     lanes, i.e. VMs at a time (default: nproc)
#        VRS_DEBUG_TIMEOUT  per boot, seconds (default 3600)
#        VRS_DEBUG_PROG_TIMEOUT  per program, seconds (default 1200)
#        VRS_DEBUG_MEM      guest memory in MB (default 2048)
#        VRS_DEBUG_ATTRIBUTE_S  after this many seconds, a boot whose final
#                           checks failed is reported as it is, without
#                           running its programs again one by one
#                           (default 2700: CI stops at 90 min in all)
#        NLFUZZ_MESSAGES, NLFUZZ_SECONDS, NLFUZZ_SEED, NLFUZZ_TRAFFIC,
#        FAULTINJECT_CASE   passed to the guest when set
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
here=selftests/debug
# The stock suite (it grows with every feature), then the debug-only
# tools; the fault injection in shards that the lanes share.
FI_SHARDS=7
read -ra ALL_TESTS <<<"$(selftests/run-vm-tests.sh --list) $(
	for ((k = 1; k <= FI_SHARDS; k++)); do echo -n "debug/faultinject@$k/$FI_SHARDS "; done
) debug/nlfuzz"
PASS_ENV=(NLFUZZ_MESSAGES NLFUZZ_SECONDS NLFUZZ_SEED NLFUZZ_TRAFFIC FAULTINJECT_CASE VRS_DEBUG_PROG_TIMEOUT
	VRS_DIFF_V4 VRS_DIFF_V6 VRS_SCALE_V4)
# route_scale.sh small enough for KASAN under TCG (at 10,000 + 5,000
# against ip and 260,000 at scale it took 19 min): FIB blocks of slab and
# vmalloc pages, not 2 MiB ones.
: "${VRS_DIFF_V4:=2000}" "${VRS_DIFF_V6:=1000}" "${VRS_SCALE_V4:=0}"

tmp=$(mktemp -d /var/tmp/vrs-check-debug.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=selftests/debug/lane.sh
source "$here/lane.sh"

# Builds vrs.ko against $kdir into $tmp/mod; prints its path.
build_module() {
	local kdir=$1
	mkdir -p "$tmp/mod"
	cp -r Kbuild kmod include "$tmp/mod/"
	if ! nice make -C "$kdir" M="$tmp/mod" W=1 modules >"$tmp/mod.log" 2>&1; then
		cat "$tmp/mod.log" >&2
		return 1
	fi
	echo "$tmp/mod/vrs.ko"
}

# Measured seconds of a program (without boot), for balancing the lanes.
est_secs() {
	local secs
	secs=$(awk -v t="$1" '$1 == t { print $2 }' "$here/program-times")
	echo "${secs:-300}"
}

# Deals programs 1..$# to $jobs lanes, longest first, each to the lane
# with the least work so far; writes lane.L files of program numbers.
plan_lanes() {
	local i l best n
	local -a load
	for ((l = 0; l < jobs; l++)); do load[l]=0; : >"$tmp/lane.$l"; done
	n=0
	for t in "$@"; do
		n=$((n + 1))
		echo "$(est_secs "$t") $n"
	done | sort -rn | while read -r secs i; do
		best=0
		for ((l = 1; l < jobs; l++)); do
			((load[l] < load[best])) && best=$l
		done
		load[best]=$((load[best] + secs))
		echo "$i" >>"$tmp/lane.$best"
	done
	for ((l = 0; l < jobs; l++)); do sort -n -o "$tmp/lane.$l" "$tmp/lane.$l"; done
}

# Prints the finished programs that follow the last printed one, in order.
flush_done() {
	while [[ -f $tmp/done.$printed_next ]]; do
		cat "$tmp/out.$printed_next"
		kfail=$((kfail + $(cat "$tmp/done.$printed_next")))
		case $(tail -n1 "$tmp/out.$printed_next") in
		"ok "*"# SKIP"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
		printed_next=$((printed_next + 1))
	done
}

main() {
	local kdir l start=$SECONDS
	jobs=${VRS_DEBUG_JOBS:-$(nproc)}
	attribute_until=$(($(date +%s) + ${VRS_DEBUG_ATTRIBUTE_S:-2700}))
	pass=0 fail=0 skip=0 kfail=0 printed_next=1
	names=("" "$@")
	kdir=$("$here/build-kernel.sh") || return 1
	bzimage=$kdir/arch/x86/boot/bzImage
	module=$(build_module "$kdir") || return 1
	((jobs > $#)) && jobs=$#
	plan_lanes "$@"
	echo "TAP version 13"
	echo "1..$#"
	echo "# debug kernel $kdir (ready after $((SECONDS - start))s), $jobs lanes"
	for ((l = 0; l < jobs; l++)); do
		echo "# lane $l: $(names_in "$tmp/lane.$l")"
		run_lane "$l" >"$tmp/lanelog.$l" 2>&1 &
	done
	while (($(jobs -rp | wc -l) > 0)); do
		sleep 2
		flush_done
	done
	wait
	flush_done
	cat "$tmp"/lanelog.* "$tmp"/groupfail.* 2>/dev/null
	kfail=$((kfail + $(cat "$tmp"/groupfail.* 2>/dev/null | grep -c '^not ok')))
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	echo "# kernel-failed boots: $kfail; wall time $((SECONDS - start))s"
	[[ $fail -eq 0 && $kfail -eq 0 ]]
}

log=$tmp/log
if (($# == 0)); then set -- "${ALL_TESTS[@]}"; fi
main "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# Cases are the results nested one level inside a program (check.sh).
passed=$(grep -cE '^# ok [0-9]+ ' "$log")
skipped=$(grep -cE '^# ok [0-9]+ .*# SKIP' "$log")
failed=$(grep -cE '^# not ok [0-9]+ ' "$log")
kfailed=$(sed -n 's/^# kernel-failed boots: \([0-9]*\);.*/\1/p' "$log")
passed=$((passed - skipped))
failed=$((failed + ${kfailed:-0}))
if ((rc != 0 && failed == 0)); then failed=1; fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
