# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Boots of one lane of check-debug.sh (sourced; uses its globals: tmp,
# names[], bzimage, module, PASS_ENV).  Per program number i it leaves
# out.i (the program's output as "# " lines and its result line) and
# then done.i (1 if the kernel, not the test, failed it; else 0).
# shellcheck disable=SC2154  # tmp, names[], bzimage, module, attribute_until: check-debug.sh

# The program numbers listed in FILE, as words.
nums() { tr '\n' ' ' <"$1"; }

# The names of the programs listed in FILE.
names_in() {
	local i
	for i in $(nums "$1"); do echo -n "${names[i]} "; done
}

# finish I LINE [KFAIL [FILE]]: program I's result; FILE is appended to
# its output as "# " lines (the vm.sh report).
finish() {
	local i=$1 line=$2 kf=${3:-0} extra=${4:-}
	{
		[[ -f $tmp/o.$i ]] && cat "$tmp/o.$i"
		[[ -n $extra && -s $extra ]] && sed 's/^/# /' "$extra"
		echo "$line"
	} >"$tmp/out.$i"
	echo "$kf" >"$tmp/done.$i.tmp"
	mv "$tmp/done.$i.tmp" "$tmp/done.$i"
}

# The result line of program I from the one run-vm-tests.sh printed.
result_line() {
	local i=$1 name="selftests: vrs: ${names[$1]}" r
	r=$(cat "$tmp/r.$i" 2>/dev/null)
	case $r in
	"ok 1 "*"# SKIP"*) echo "ok $i $name # SKIP" ;;
	"ok 1 "*) echo "ok $i $name # ${r##*# }" ;;
	"not ok 1 "*) echo "not ok $i $name # ${r##*# }" ;;
	*) echo "not ok $i $name # no result" ;;
	esac
}

# boot B I...: one VM for programs I... (in order).  Leaves b.B.rc (vm.sh
# status), b.B.err (its report), b.B.begun and b.B.ended ("I clean|report
# STATUS" lines), b.B.early if the kernel reported before the first one.
boot() {
	local b=$1 line cur="" t i e
	shift
	local args=(--kernel "$bzimage" --module "$module" --mem "${VRS_DEBUG_MEM:-2048}"
		--timeout "${VRS_DEBUG_TIMEOUT:-3600}" --boot-timeout 600)
	local progs=()
	for i in "$@"; do progs+=("${names[i]}"); done
	for e in "${PASS_ENV[@]}"; do
		[[ -n ${!e:-} ]] && args+=(--env "$e=${!e}")
	done
	: >"$tmp/b.$b.begun"
	: >"$tmp/b.$b.ended"
	selftests/vm/vm.sh "${args[@]}" -- selftests/debug/guest.sh "${progs[@]}" 2>"$tmp/b.$b.err" |
		while IFS= read -r line; do
			case $line in
			"VRSDBG-BEGIN "*)
				t=${line#VRSDBG-BEGIN }
				for i in "$@"; do [[ ${names[i]} == "$t" ]] && cur=$i; done
				: >"$tmp/o.$cur"
				rm -f "$tmp/r.$cur"
				echo "$cur" >>"$tmp/b.$b.begun"
				;;
			"VRSDBG-END "*)
				read -r _ _ e verdict <<<"$line"
				echo "$cur $verdict $e" >>"$tmp/b.$b.ended"
				;;
			"VRSDBG-EARLY "*) echo "${line#VRSDBG-EARLY }" >"$tmp/b.$b.early" ;;
			"TAP version 13" | "1..1" | "# Totals: "*) ;;
			"ok 1 "* | "not ok 1 "*) [[ -n $cur ]] && echo "$line" >"$tmp/r.$cur" ;;
			*) [[ -n $cur ]] && printf '%s\n' "$line" >>"$tmp/o.$cur" ;;
			esac
		done
	echo "${PIPESTATUS[0]}" >"$tmp/b.$b.rc"
}

# vm.sh's post-run checks (kmemleak, taint, console) failed, or the
# guest panicked: its command's status does not say so when non-zero.
kernel_failed_boot() {
	local b=$1
	[[ $(cat "$tmp/b.$b.rc") == 3 ]] ||
		grep -qE 'post-run kernel checks FAILED|guest kernel panicked' "$tmp/b.$b.err"
}

# settle B I...: results of the programs of boot B that ran; prints the
# programs still to run.  Programs that ended clean are left pending in
# b.B.clean when the boot's final checks failed.
settle() {
	local b=$1 i verdict rc reported=0 ran
	shift
	rc=$(cat "$tmp/b.$b.rc")
	: >"$tmp/b.$b.clean"
	for i in $(nums "$tmp/b.$b.begun"); do
		read -r _ verdict _ < <(grep "^$i " "$tmp/b.$b.ended")
		case $verdict in
		report)
			finish "$i" "not ok $i selftests: vrs: ${names[i]} # kernel report, see above" 1 "$tmp/b.$b.err"
			reported=1
			;;
		clean) echo "$i" >>"$tmp/b.$b.clean" ;;
		*)
			case $rc in
			124) ran="timeout after ${VRS_DEBUG_TIMEOUT:-3600}s" ;;
			*) ran="the boot ended in this program (vm.sh exit $rc)" ;;
			esac
			finish "$i" "not ok $i selftests: vrs: ${names[i]} # $ran" 1 "$tmp/b.$b.err"
			reported=1
			;;
		esac
	done
	if ((!reported)) && [[ -s $tmp/b.$b.clean ]] && kernel_failed_boot "$b"; then
		if (($(wc -l <"$tmp/b.$b.clean") == 1)); then
			i=$(cat "$tmp/b.$b.clean")
			finish "$i" "not ok $i selftests: vrs: ${names[i]} # kernel report (taint/dmesg/kmemleak), see above" 1 "$tmp/b.$b.err"
			: >"$tmp/b.$b.clean"
		fi
	else
		for i in $(nums "$tmp/b.$b.clean"); do finish "$i" "$(result_line "$i")"; done
		: >"$tmp/b.$b.clean"
	fi
	for i in "$@"; do grep -qx "$i" "$tmp/b.$b.begun" || echo "$i"; done
}

# The final checks of boot B failed with several clean programs in it:
# each of them again in a boot of its own, to find the one at fault.
# Past attribute_until (epoch seconds; check-debug.sh) the programs keep
# their results and the boot's report stands alone, so that one report
# cannot push the run past CI's time limit (each boot is minutes).
attribute() {
	local b=$1 i n=0 found=0 late=""
	for i in $(nums "$tmp/b.$b.clean"); do
		if (($(date +%s) >= attribute_until)); then
			finish "$i" "$(result_line "$i")"
			late+="${names[i]} "
			continue
		fi
		n=$((n + 1))
		boot "$b.$n" "$i"
		settle "$b.$n" "$i" >/dev/null
		[[ -f $tmp/done.$i ]] ||
			finish "$i" "not ok $i selftests: vrs: ${names[i]} # its boot of its own did not run it (vm.sh exit $(cat "$tmp/b.$b.$n.rc"))" 1 "$tmp/b.$b.$n.err"
		(($(cat "$tmp/done.$i") == 1)) && found=1
	done
	((found)) && return 0
	{
		if [[ -n $late ]]; then
			echo "not ok - boot $b of $(names_in "$tmp/b.$b.clean")# kernel report after the last program; not run alone (past VRS_DEBUG_ATTRIBUTE_S): $late"
		else
			echo "not ok - boot $b of $(names_in "$tmp/b.$b.clean")# kernel report after the last program, not reproduced by any of them alone:"
		fi
		sed 's/^/# /' "$tmp/b.$b.err"
	} >"$tmp/groupfail.$b"
}

# run_lane L: boots until every program of lane L has a result.
run_lane() {
	local lane=$1 n=0 early=0 i
	local -a todo
	mapfile -t todo <"$tmp/lane.$lane"
	while ((${#todo[@]})); do
		n=$((n + 1))
		boot "$lane.$n" "${todo[@]}"
		if [[ -f $tmp/b.$lane.$n.early && ! -s $tmp/b.$lane.$n.begun ]]; then
			echo "# lane $lane boot $n: the kernel reported before the first program: $(cat "$tmp/b.$lane.$n.early")"
			sed 's/^/# /' "$tmp/b.$lane.$n.err" | head -n 40
			if ((early++ == 0)); then
				echo "# lane $lane: booting again (once)"
				continue
			fi
		fi
		if [[ ! -s $tmp/b.$lane.$n.begun ]]; then
			for i in "${todo[@]}"; do
				finish "$i" "not ok $i selftests: vrs: ${names[i]} # no boot ran it (vm.sh exit $(cat "$tmp/b.$lane.$n.rc"))" 1 "$tmp/b.$lane.$n.err"
			done
			return
		fi
		mapfile -t todo < <(settle "$lane.$n" "${todo[@]}")
		[[ -s $tmp/b.$lane.$n.clean ]] && attribute "$lane.$n"
	done
}
