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
#   3. one VM boot per test program: a KASAN report turns lock debugging
#      off for the rest of that boot, so one report must not silence
#      lockdep for the other programs.  vm.sh fails a boot (exit 3) on
#      taint, a dmesg report or a kmemleak leak; the report is printed.
#      Boots run VRS_DEBUG_JOBS at a time (default: the number of CPUs):
#      most programs keep one guest CPU busy, so two VMs on two cores
#      nearly halve the wall time.  Results are printed in program order.
#
# Output: kselftest TAP (one result per program, its own TAP nested as
# "# " lines), "# Totals:", then "N passed, N failed, N skipped" counting
# the individual cases as selftests/check.sh does.  Exit 0 only if clean.
#
# Usage: check-debug.sh [TEST...]   (default: all; names as in
#        run-vm-tests.sh, e.g. netlink/vrs_nl_test debug/nlfuzz)
# Env:   VRS_DEBUG_TIMEOUT  per-boot timeout in seconds (default 3600)
#        VRS_DEBUG_JOBS     VMs at a time (default: nproc)
#        VRS_DEBUG_MEM      guest memory in MB (default 2048)
#        NLFUZZ_MESSAGES, NLFUZZ_SECONDS, NLFUZZ_SEED, NLFUZZ_TRAFFIC,
#        FAULTINJECT_CASE
#                           passed to the guest when set
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
# The stock suite (it grows with every feature), then the debug-only tools.
read -ra ALL_TESTS <<<"$(selftests/run-vm-tests.sh --list) debug/faultinject debug/nlfuzz"
PASS_ENV=(NLFUZZ_MESSAGES NLFUZZ_SECONDS NLFUZZ_SEED NLFUZZ_TRAFFIC FAULTINJECT_CASE)

tmp=$(mktemp -d /var/tmp/vrs-check-debug.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

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

# run_one N TEST: one boot; prints the program's TAP and its result line.
# Returns 1 if the kernel (not the test) failed the boot.
run_one() {
	local n=$1 t=$2 rc line res secs start e
	local args=(--kernel "$bzimage" --module "$module" --mem "${VRS_DEBUG_MEM:-2048}"
		--timeout "${VRS_DEBUG_TIMEOUT:-3600}" --boot-timeout 600)
	for e in "${PASS_ENV[@]}"; do
		[[ -n ${!e:-} ]] && args+=(--env "$e=${!e}")
	done
	start=$SECONDS
	: >"$tmp/res.$n"
	selftests/vm/vm.sh "${args[@]}" -- selftests/debug/guest.sh "$t" 2>"$tmp/err.$n" |
		while IFS= read -r line; do
			case $line in
			"TAP version 13" | "1..1" | "# Totals: "*) ;;
			"ok 1 "* | "not ok 1 "*) echo "$line" >"$tmp/res.$n" ;;
			*) printf '%s\n' "$line" ;;
			esac
		done
	rc=${PIPESTATUS[0]}
	secs=$((SECONDS - start))
	res=$(cat "$tmp/res.$n")
	if ((rc != 0)) && [[ -s $tmp/err.$n ]]; then
		sed 's/^/# /' "$tmp/err.$n"
	fi
	case $rc in
	0)
		res=${res/ok 1 /ok $n }
		[[ $res == *" # SKIP"* ]] || res="${res% # *s} # ${secs}s"
		echo "$res"
		return 0
		;;
	3) echo "not ok $n selftests: vrs: $t # kernel report (taint/dmesg/kmemleak), see above" ;;
	124) echo "not ok $n selftests: vrs: $t # timeout after ${secs}s" ;;
	*)
		if [[ $res == "not ok 1 "* ]]; then
			echo "${res/not ok 1 /not ok $n }"
			return 0
		fi
		echo "not ok $n selftests: vrs: $t # vm.sh exit $rc"
		;;
	esac
	return 1
}

# run_bg N TEST: run_one into out.N; rc.N appears when it is done.
run_bg() {
	local rc=0
	run_one "$1" "$2" >"$tmp/out.$1" 2>&1 || rc=1
	echo $rc >"$tmp/rc.$1"
}

# Prints the finished programs that follow the last printed one, in order.
flush_done() {
	while [[ -f $tmp/rc.$printed_next ]]; do
		cat "$tmp/out.$printed_next"
		(($(cat "$tmp/rc.$printed_next") == 0)) || kfail=$((kfail + 1))
		case $(tail -n1 "$tmp/out.$printed_next") in
		"ok "*"# SKIP"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
		printed_next=$((printed_next + 1))
	done
}

main() {
	local kdir t n=0 start=$SECONDS jobs=${VRS_DEBUG_JOBS:-$(nproc)}
	pass=0 fail=0 skip=0 kfail=0 printed_next=1
	kdir=$(selftests/debug/build-kernel.sh) || return 1
	bzimage=$kdir/arch/x86/boot/bzImage
	module=$(build_module "$kdir") || return 1
	echo "TAP version 13"
	echo "1..$#"
	echo "# debug kernel $kdir (ready after $((SECONDS - start))s), $jobs VMs at a time"
	for t in "$@"; do
		n=$((n + 1))
		while (($(jobs -rp | wc -l) >= jobs)); do
			wait -n
			flush_done
		done
		run_bg "$n" "$t" &
	done
	wait
	flush_done
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	echo "# kernel-failed boots: $kfail; wall time $((SECONDS - start))s"
	[[ $fail -eq 0 ]]
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
