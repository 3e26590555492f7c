#!/bin/bash
# shellcheck disable=SC2016  # guest commands are single-quoted on purpose
#
# selftests/vm/selftest.sh - tests of the VM harness (vm.sh) itself.
# TAP output, closing "# Totals: pass:N fail:N xfail:0 xpass:0 skip:N error:0".
# Exit status: 0 if nothing failed, 1 otherwise.
#
# Extra arguments are passed to every vm.sh call (e.g. --kernel/--kver).
# Takes ~2 minutes (11 VM boots, one of them a 20 s timeout test).

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM=("$HERE/vm.sh" "$@")
NTESTS=10

pass=0 fail=0 skip=0 n=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"
	shift
	[[ $# -eq 0 ]] || printf '%s\n' "$@" | sed 's/^/# /'
	for f in "$tmp/out" "$tmp/err"; do
		[[ -s $f ]] && tail -n 30 "$f" | sed "s/^/# ${f##*/}: /"
	done
	return 0
}
skip_test() { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n - $1 # SKIP $2"; }

# vm ARGS... : run vm.sh, stdout -> $tmp/out, stderr -> $tmp/err, rc -> $rc
vm() {
	rc=0
	"${VM[@]}" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
}

echo "TAP version 13"
echo "1..$NTESTS"

# 1: exit 0, stdout and stderr come back (in order), cwd is preserved.
cd "$HERE" || exit 1
vm -- sh -c 'echo "out $(pwd)"; echo err >&2; uname -r'
kver=$(sed -n 3p "$tmp/out")
if [[ $rc == 0 && $(sed -n 1p "$tmp/out") == "out $HERE" && $(sed -n 2p "$tmp/out") == err && -n $kver ]]; then
	ok "exit status 0, output and cwd come back (guest kernel $kver)"
else
	not_ok "exit status 0, output and cwd come back" "rc=$rc"
fi

# 2: non-zero status propagates.
vm -- sh -c 'echo seven; exit 7'
if [[ $rc == 7 && $(cat "$tmp/out") == seven ]]; then
	ok "exit status 7 propagates"
else
	not_ok "exit status 7 propagates" "rc=$rc"
fi

# 3: network namespaces work, the root is writable, environment is set up.
vm -- sh -c 'ip netns add x && ip netns exec x ip link && touch /usr/.vmtest &&
	echo "env $HOME $TERM $(hostname)" && ip -br link show lo'
if [[ $rc == 0 ]] && grep -q '^1: lo:' "$tmp/out" && grep -q '^env /root dumb vrs-vm$' "$tmp/out" &&
	grep -q 'LOOPBACK,UP' "$tmp/out"; then
	ok "ip netns add/exec, writable root, HOME/TERM/hostname, lo up"
else
	not_ok "ip netns add/exec, writable root, HOME/TERM/hostname, lo up" "rc=$rc"
fi

# 4: --shell with a non-TTY stdin runs the script from stdin.
rc=0
echo 'uname -r; exit 5' | "${VM[@]}" --shell >"$tmp/out" 2>"$tmp/err" || rc=$?
if [[ $rc == 5 && $(cat "$tmp/out") == "$kver" ]]; then
	ok "--shell reads commands from a non-TTY stdin"
else
	not_ok "--shell reads commands from a non-TTY stdin" "rc=$rc"
fi

# 5: host-side timeout.
start=$SECONDS
vm --timeout 20 -- sleep 100
if [[ $rc == 124 ]] && ((SECONDS - start < 60)); then
	ok "--timeout 20 -- sleep 100 exits 124"
else
	not_ok "--timeout 20 -- sleep 100 exits 124" "rc=$rc after $((SECONDS - start))s"
fi

# 6: a guest panic is detected.
vm -- sh -c 'echo c >/proc/sysrq-trigger; sleep 10'
if [[ $rc == 3 ]] && grep -q 'panic' "$tmp/err"; then
	ok "guest kernel panic is detected (exit 3)"
else
	not_ok "guest kernel panic is detected (exit 3)" "rc=$rc"
fi

# 7-9 need a test module built against the guest kernel's headers.
mod=""
build=/lib/modules/$kver/build
if [[ -n $kver && -e $build/Makefile ]] && command -v make >/dev/null && command -v gcc >/dev/null; then
	mkdir -p "$tmp/mod"
	cp "$HERE/testmod/vm_selftest_warn.c" "$HERE/testmod/Kbuild" "$tmp/mod/"
	if make -s -C "$build" M="$tmp/mod" modules >"$tmp/build.log" 2>&1; then
		mod=$tmp/mod/vm_selftest_warn.ko
	else
		sed 's/^/# build: /' "$tmp/build.log" | tail -n 20
	fi
fi
why="no kernel headers/compiler for $kver (apt-get install linux-headers-$kver gcc make)"
[[ -n $mod || ! -e $build/Makefile ]] || why="test module failed to build"

# 7: --module installs + depmods (modprobe by alias works), O/E taint is OK.
if [[ -n $mod ]]; then
	vm --module "$mod" -- sh -c 'test -f /lib/modules/$(uname -r)/extra/vm_selftest_warn.ko || exit 1
		grep -q "^vm_selftest_warn " /proc/modules && exit 2
		# kernel-initiated autoload, as for MODULE_ALIAS_GENL_FAMILY
		genl ctrl get name vrsvmtest >/dev/null 2>&1
		grep -q "^vm_selftest_warn " /proc/modules && echo autoloaded
		rmmod vm_selftest_warn && modprobe vrs-vm-selftest &&
		grep -q "^vm_selftest_warn " /proc/modules && echo loaded'
	if [[ $rc == 0 && $(tr '\n' ' ' <"$tmp/out") == "autoloaded loaded " ]]; then
		ok "--module: genl-family autoload and modprobe by alias work; O/E taint accepted"
	else
		not_ok "--module: genl-family autoload and modprobe by alias work; O/E taint accepted" "rc=$rc"
	fi
else
	skip_test "--module + modprobe" "$why"
fi

# 8: a WARN_ON in the kernel is detected although COMMAND succeeded.
if [[ -n $mod ]]; then
	vm -- insmod "$mod" warn=1
	if [[ $rc == 3 ]] && grep -q 'WARNING:.*vm_selftest_warn' "$tmp/err" && grep -q 'bit9(W)' "$tmp/err"; then
		ok "WARN_ON taint + dmesg WARNING detected (exit 3)"
	else
		not_ok "WARN_ON taint + dmesg WARNING detected (exit 3)" "rc=$rc"
	fi
else
	skip_test "WARN_ON detection" "$why"
fi

# 9: a failing COMMAND's status wins over a check failure, which is reported.
if [[ -n $mod ]]; then
	vm -- sh -c "insmod $mod warn=1; exit 9"
	if [[ $rc == 9 ]] && grep -q 'post-run kernel checks FAILED' "$tmp/err"; then
		ok "COMMAND status wins over check failure, which is still reported"
	else
		not_ok "COMMAND status wins over check failure, which is still reported" "rc=$rc"
	fi
else
	skip_test "status precedence" "$why"
fi

# 10: two runs at once with an empty cache both use the host's depmod
# (check-debug.sh's lanes share the cache; a race once sent one guest to
# its own depmod, whose warnings failed the boot).
if [[ -n $mod ]]; then
	mkdir -p "$tmp/cache"
	for l in a b; do
		VM_CACHE_DIR=$tmp/cache "${VM[@]}" --module "$mod" -- modprobe vrs-vm-selftest \
			>"$tmp/out.$l" 2>"$tmp/err.$l" </dev/null &
	done
	rcs=""
	for l in a b; do
		r=0
		wait -n || r=$?
		rcs+="$r "
	done
	if [[ $rcs == "0 0 " ]] && ! grep -q 'host depmod failed' "$tmp/err.a" "$tmp/err.b"; then
		ok "parallel runs share the host depmod cache"
	else
		not_ok "parallel runs share the host depmod cache" "exit statuses: $rcs" \
			"$(cat "$tmp/err.a" "$tmp/err.b" | tail -n 20)"
	fi
else
	skip_test "parallel host depmod" "$why"
fi

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[[ $fail == 0 ]]
