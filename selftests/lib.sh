# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the VRS shell selftests: TAP output, assertions.
# Source it; set TESTS_PLANNED first if the number of tests is known.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$REPO/userspace:$PATH"
KSFT_SKIP=4
_n=0 _pass=0 _fail=0 _skip=0

tap_plan() { echo "TAP version 13"; echo "1..$1"; }
diag() { sed 's/^/# /'; }
note() { echo "# $*"; }

ok() { _n=$((_n + 1)); _pass=$((_pass + 1)); echo "ok $_n $*"; }
fail() { _n=$((_n + 1)); _fail=$((_fail + 1)); echo "not ok $_n $*"; }
skip() { _n=$((_n + 1)); _skip=$((_skip + 1)); echo "ok $_n $1 # SKIP $2"; }

# run_test NAME FUNC: one TAP result per function; its output as diagnostics.
run_test() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | diag
	case $rc in
	0) ok "$name" ;;
	"$KSFT_SKIP") skip "$name" "see above" ;;
	*) fail "$name" ;;
	esac
}

tap_finish() {
	echo "# Totals: pass:$_pass fail:$_fail xfail:0 xpass:0 skip:$_skip error:0"
	[ "$_fail" -eq 0 ] || exit 1
	[ "$_pass" -gt 0 ] || [ "$_skip" -eq 0 ] || exit "$KSFT_SKIP"
	exit 0
}

# expect CODE STDOUT STDERR -- CMD...: runs CMD, compares exit code and the
# exact stdout and stderr ("*" skips a comparison).
expect() {
	local want_rc=$1 want_out=$2 want_err=$3 out err rc
	shift 4
	out=$("$@" 2>/tmp/expect.err)
	rc=$?
	err=$(cat /tmp/expect.err)
	if [ "$rc" != "$want_rc" ]; then
		echo "\`$*\`: exit $rc, want $want_rc (stderr: $err)"
		return 1
	fi
	if [ "$want_out" != "*" ] && [ "$out" != "$want_out" ]; then
		printf '`%s`: stdout\n%s\nwant\n%s\n' "$*" "$out" "$want_out"
		return 1
	fi
	if [ "$want_err" != "*" ] && [ "$err" != "$want_err" ]; then
		printf '`%s`: stderr\n%s\nwant\n%s\n' "$*" "$err" "$want_err"
		return 1
	fi
	return 0
}

# Loads vrs unless it is loaded.
need_vrs() {
	grep -q '^vrs ' /proc/modules || modprobe vrs || return "$KSFT_SKIP"
}

# await_routes_like NS: the routes of the VR (as `vrnl route show` prints
# them, both families) become those of namespace NS: a VR follows its
# vports' addresses asynchronously.  Prints the difference if they don't.
await_routes_like() {
	local want
	want=$(ip -n "$1" route show; ip -n "$1" -6 route show)
	for _ in $(seq 50); do
		[ "$(vrnl route show; vrnl -6 route show)" = "$want" ] && return 0
		sleep 0.1
	done
	echo "the VR's kernel routes differ from $1's:"
	diff -u <(echo "$want") <(vrnl route show; vrnl -6 route show)
	return 1
}
