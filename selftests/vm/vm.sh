#!/bin/bash
#
# selftests/vm/vm.sh - run a command (or a shell) as root inside a throw-away
# qemu VM that boots a Debian (or custom) kernel on top of the host root.
#
# Usage:
#   selftests/vm/vm.sh [--kernel VMLINUZ] [--kver VER] [--mem MB] [--cpus N]
#                      [--timeout SEC] [--log FILE] [--module PATH.ko]...
#                      [--env NAME=VALUE]... [--no-dmesg-check] [--shell]
#                      [--] [COMMAND [ARGS...]]
#
#   --kernel VMLINUZ  kernel image (default: newest /boot/vmlinuz-VER with a
#                     /lib/modules/VER/kernel dir, never `uname -r`)
#   --kver VER        module version used for the initramfs (default: read
#                     from the image; a kernel without /lib/modules/VER must
#                     have virtio-pci, 9p and (preferably) overlayfs built in)
#   --mem MB          guest memory (default 1024)
#   --cpus N          guest CPUs (default 2)
#   --timeout SEC     host-side timeout, 0 = none (default 600, shell: none)
#   --boot-timeout SEC  the guest must be up within SEC (default 300, 0 =
#                     no limit); a boot that hangs (seen once under TCG,
#                     before any of our code runs) is retried once
#   --log FILE        kernel console log (default: a temp file, kept and
#                     reported on failure, removed on success)
#   --module PATH.ko  copy into the guest's /lib/modules/$(uname -r)/extra/
#                     and run depmod before COMMAND (repeatable; NOT loaded)
#   --env NAME=VALUE  export into COMMAND's environment (repeatable)
#   --no-dmesg-check  skip the post-run taint/dmesg/kmemleak checks
#   --no-overlay      use the tmpfs-mounts fallback instead of overlayfs
#   --shell           interactive shell on the terminal (or, if stdin is not
#                     a TTY, a shell reading the script from stdin); the
#                     default when no COMMAND is given
#
# Guest environment: the host root "/" (read-only virtio-9p) under a tmpfs
# overlay, so everything is writable and the repo is at the same path; cwd =
# the host cwd; proc, sysfs, devtmpfs, devpts, /dev/shm, debugfs, tracefs,
# cgroup2, tmpfs /run (with /run/netns), "/" rshared (ip netns works),
# hostname vrs-vm, lo up, no NIC. Env: PATH, HOME=/root, TERM=dumb, VRS_VM=1.
# COMMAND's stdin is /dev/null; stdout+stderr stream to our stdout (via a
# dedicated serial port, separate from the kernel console).
#
# Exit status:
#   COMMAND's exit status   if the post-run checks pass (or COMMAND failed:
#                           a non-zero COMMAND status wins, check failures are
#                           still reported on stderr)
#   3                       COMMAND succeeded but the kernel got tainted
#                           (any bit but O/E), dmesg shows BUG/WARNING/
#                           KASAN/... lines, kmemleak found leaks, or the
#                           guest kernel panicked
#   124                     host-side timeout (qemu killed)
#   125                     harness failure (qemu/VM died without a result)
#   2                       usage error
#
# Environment: VM_VERBOSE=1 prints "vm: booted <kver> in N.Ns" on stderr.
# VM_CACHE_DIR overrides the initramfs cache dir
# (default ${XDG_CACHE_HOME:-/var/tmp}/vrs-vm). QEMU overrides the binary.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=vm

kernel=""
kver=""
mem=1024
cpus=2
timeout=""
boot_timeout=300
log=""
shell=0
checks=1
overlay=1
modules=()
envs=()

help() {
	sed -n '3,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"
	exit 0
}
usage() {
	echo "usage: $0 [options] [--] [COMMAND [ARGS...]]  (see --help)" >&2
	exit 2
}

msg() { echo "$PROG: $*" >&2; }
fail() {
	msg "$*"
	exit 125
}

need_arg() { [[ $# -ge 2 ]] || { msg "option $1 needs an argument"; usage; }; }

while [[ $# -gt 0 ]]; do
	case "$1" in
	--kernel) need_arg "$@"; kernel=$2; shift 2 ;;
	--kver) need_arg "$@"; kver=$2; shift 2 ;;
	--mem) need_arg "$@"; mem=$2; shift 2 ;;
	--cpus) need_arg "$@"; cpus=$2; shift 2 ;;
	--timeout) need_arg "$@"; timeout=$2; shift 2 ;;
	--boot-timeout) need_arg "$@"; boot_timeout=$2; shift 2 ;;
	--log) need_arg "$@"; log=$2; shift 2 ;;
	--module) need_arg "$@"; modules+=("$2"); shift 2 ;;
	--env) need_arg "$@"; envs+=("$2"); shift 2 ;;
	--no-dmesg-check) checks=0; shift ;;
	--no-overlay) overlay=0; shift ;;
	--shell) shell=1; shift ;;
	-h | --help) help ;;
	--) shift; break ;;
	-*) msg "unknown option $1"; usage ;;
	*) break ;;
	esac
done
[[ $# -gt 0 ]] || shell=1
[[ $mem =~ ^[0-9]+$ && $cpus =~ ^[0-9]+$ ]] || { msg "--mem/--cpus need numbers"; usage; }
if [[ -z $timeout ]]; then
	if ((shell)); then timeout=0; else timeout=600; fi
fi
[[ $timeout =~ ^[0-9]+$ && $boot_timeout =~ ^[0-9]+$ ]] ||
	{ msg "--timeout/--boot-timeout need a number of seconds"; usage; }
for e in "${envs[@]}"; do
	[[ $e =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { msg "bad --env '$e' (want NAME=VALUE)"; usage; }
done

QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null || fail "$QEMU not found (apt-get install qemu-system-x86)"

# ---------------------------------------------------------------- kernel ----

# Version string embedded in a bzImage (setup header "HdrS", kernel_version).
image_version() {
	local img=$1 magic off
	magic=$(dd if="$img" bs=1 skip=514 count=4 2>/dev/null) || return 1
	[[ $magic == HdrS ]] || return 1
	off=$(od -An -tu2 -j526 -N2 "$img" | tr -d ' ')
	[[ -n $off && $off != 0 ]] || return 1
	dd if="$img" bs=1 skip=$((off + 512)) count=200 2>/dev/null | tr '\0' '\n' | head -n1 | cut -d' ' -f1
}

if [[ -z $kernel ]]; then
	for k in $(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' 2>/dev/null | sed 's/^vmlinuz-//' | sort -rV); do
		if [[ -d /lib/modules/$k/kernel ]]; then
			kernel=/boot/vmlinuz-$k
			[[ -n $kver ]] || kver=$k
			break
		fi
	done
	[[ -n $kernel ]] || fail "no /boot/vmlinuz-VER with /lib/modules/VER/kernel (apt-get install linux-image-amd64)"
fi
[[ -r $kernel ]] || fail "kernel image $kernel not readable"
[[ -n $kver ]] || kver=$(image_version "$kernel" || true)
[[ -n $kver ]] || kver=unknown

# Booting a compressed bzImage under TCG spends ~4 s in the decompressor.
# If the payload can be extracted and the ELF has a PVH entry note, boot the
# cached uncompressed vmlinux instead (qemu's PVH loader).
extract_vmlinux() {
	local img=$1 out=$2 ss po pl start magic
	magic=$(dd if="$img" bs=1 skip=514 count=4 2>/dev/null) || return 1
	[[ $magic == HdrS ]] || return 1
	ss=$(od -An -tu1 -j497 -N1 "$img" | tr -d ' ')
	((ss)) || ss=4
	po=$(od -An -tu4 -j584 -N4 "$img" | tr -d ' ')
	pl=$(od -An -tu4 -j588 -N4 "$img" | tr -d ' ')
	[[ -n $po && -n $pl && $pl -gt 0 ]] || return 1
	start=$(((ss + 1) * 512 + po))
	magic=$(od -An -tx1 -j"$start" -N6 "$img" | tr -d ' ')
	local dec
	case "$magic" in
	fd377a585a00) dec=(xz -dc --single-stream) ;;
	1f8b*) dec=(gzip -dc) ;;
	28b52ffd*) dec=(zstd -qdc) ;;
	*) return 1 ;;
	esac
	command -v "${dec[0]}" >/dev/null || return 1
	# gzip/zstd may complain about the trailing size word; judge the output.
	tail -c +$((start + 1)) "$img" | head -c "$pl" | "${dec[@]}" >"$out" 2>/dev/null || true
	[[ $(od -An -tx1 -N4 "$out" 2>/dev/null | tr -d ' ') == 7f454c46 ]] || return 1
	LC_ALL=C grep -qaP '\x04\x00\x00\x00[\x04\x08]\x00\x00\x00\x12\x00\x00\x00Xen\x00' "$out"
}

boot_image() { # print the image to hand to qemu -kernel
	local k=$1 key out
	if [[ ${VM_NO_PVH:-0} == 1 ]]; then echo "$k"; return; fi
	key=$(stat -L -c '%n %s %Y' "$k" | sha256sum | cut -c1-16)
	out=$cache_dir/vmlinux-$key
	if [[ -e $out.nopvh ]]; then echo "$k"; return; fi
	if [[ ! -s $out ]]; then
		if extract_vmlinux "$k" "$out.tmp.$$"; then
			mv -f "$out.tmp.$$" "$out"
		else
			rm -f "$out.tmp.$$"
			: >"$out.nopvh"
			echo "$k"
			return
		fi
	fi
	echo "$out"
}

# ------------------------------------------------------------- initramfs ----

# Modules the initramfs loads, in dependency order (skipped when built in or
# when the kernel has no module tree, e.g. a custom tinyconfig kernel).
WANT_MODULES=(virtio_pci virtio_rng 9pnet_virtio 9p overlay)

module_files() {
	local m dir=/lib/modules/$kver
	[[ -d $dir/kernel ]] || return 0
	for m in "${WANT_MODULES[@]}"; do
		modprobe -S "$kver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }' || true
	done | awk '!seen[$0]++'
}

busybox=$(command -v busybox || true)
[[ -n $busybox ]] || fail "busybox not found (apt-get install busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
	# The initramfs has no libc: a static busybox is required.
	if [[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1; then
		busybox=/bin/busybox
	else
		fail "$busybox is dynamically linked (apt-get install busybox-static)"
	fi
fi

cache_dir=${VM_CACHE_DIR:-${XDG_CACHE_HOME:-/var/tmp}/vrs-vm}
mkdir -p "$cache_dir"
mapfile -t modfiles < <(module_files)
key=$( {
	echo "v1 $kver"
	cat "$HERE/guest-init.sh"
	stat -L -c '%n %s %Y' "$busybox" "${modfiles[@]}"
} | sha256sum | cut -c1-16)
initrd=$cache_dir/initramfs-$kver-$key.cpio

build_initramfs() {
	local stage m f
	stage=$(mktemp -d "$cache_dir/stage.XXXXXX")
	mkdir -p "$stage"/{bin,dev,proc,sys,mnt,newroot,lib/modules}
	cp "$busybox" "$stage/bin/busybox"
	for a in $("$busybox" --list); do
		[[ $a == busybox ]] || ln -s busybox "$stage/bin/$a"
	done
	cp "$HERE/guest-init.sh" "$stage/init"
	chmod 0755 "$stage/init"
	: >"$stage/modules.list"
	for m in "${modfiles[@]}"; do
		f=${m##*/}
		case "$f" in
		*.ko.xz) xz -dc "$m" >"$stage/lib/modules/${f%.xz}"; f=${f%.xz} ;;
		*.ko.zst) zstd -qdc "$m" >"$stage/lib/modules/${f%.zst}"; f=${f%.zst} ;;
		*.ko.gz) gzip -dc "$m" >"$stage/lib/modules/${f%.gz}"; f=${f%.gz} ;;
		*) cp "$m" "$stage/lib/modules/$f" ;;
		esac
		echo "$f" >>"$stage/modules.list"
	done
	mknod "$stage/dev/console" c 5 1 2>/dev/null || true
	(cd "$stage" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) >"$initrd.tmp.$$"
	mv -f "$initrd.tmp.$$" "$initrd"
	rm -rf "$stage"
}
[[ -s $initrd ]] || build_initramfs
boot_kernel=$(boot_image "$kernel")

# -------------------------------------------------------------- run dir ----

run=$(mktemp -d "${TMPDIR:-/tmp}/vrs-vm-run.XXXXXX")
run=$(cd "$run" && pwd -P)
qpid=""
log_is_temp=0
if [[ -z $log ]]; then
	log=$(mktemp "${TMPDIR:-/tmp}/vrs-vm-console.XXXXXX")
	log_is_temp=1
fi
res=$run/result
: >"$res"
: >"$log"

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
	if [[ -n $qpid ]] && kill -0 "$qpid" 2>/dev/null; then
		kill -TERM "$qpid" 2>/dev/null || true
		sleep 1
		kill -KILL "$qpid" 2>/dev/null || true
	fi
	[[ -t 0 ]] && ((shell)) && stty sane 2>/dev/null
	rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mode=cmd
{
	echo "#!/bin/bash"
	for e in "${envs[@]}"; do
		printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
	done
	printf 'cd -- %q || exit 125\n' "$PWD"
	if ((shell)) && [[ -t 0 ]]; then
		# No rc files: a root ~/.bashrc doing pyenv & co. takes ages in TCG.
		read -r rows cols < <(stty size 2>/dev/null || echo "0 0")
		if [[ ${rows:-0} -gt 0 ]]; then printf 'stty rows %d cols %d 2>/dev/null\n' "$rows" "$cols"; fi
		printf 'export PS1=%q\n' 'vrs-vm:\w# '
		printf 'if [ -x /bin/bash ]; then exec /bin/bash --norc -i; else exec /bin/sh -i; fi\n'
	elif ((shell)); then
		printf 'if [ -x /bin/bash ]; then exec /bin/bash --norc -s; else exec /bin/sh -s; fi\n'
	else
		printf 'exec'
		printf ' %q' "$@"
		printf '\n'
	fi
} >"$run/cmd.sh"

if ((shell)); then
	if [[ -t 0 ]]; then
		mode='shell-tty'
	else
		mode=shell
		cat >"$run/stdin" 2>/dev/null || : >"$run/stdin"
	fi
fi
printf 'cfg_mode=%q\ncfg_checks=%q\ncfg_term=%q\ncfg_kver=%q\n' \
	"$mode" "$checks" "${TERM:-dumb}" "$kver" >"$run/config"
: >"$run/modules.list"
for m in "${modules[@]}"; do
	[[ -f $m ]] || fail "--module $m: no such file"
	realpath "$m" >>"$run/modules.list"
done

# depmod over the whole Debian module tree takes minutes under TCG, so run it
# here on a symlink farm (cached by kver + module contents); the guest copies
# the resulting modules.* indexes next to its extra/*.ko.  Parallel vm.sh
# runs (check-debug.sh's lanes) share the cache: one lock serialises its
# expiry and filling, and a filled entry is never replaced, only expired.
host_depmod() {
	local key dir tmp m lock_fd rc=0
	key=$( { echo "$kver"; stat -L -c '%n %s %Y' "/lib/modules/$kver/modules.order" 2>/dev/null; sha256sum "${modules[@]}"; } | sha256sum | cut -c1-16)
	dir=$cache_dir/depmod-$kver-$key
	exec {lock_fd}>"$cache_dir/depmod.lock"
	flock "$lock_fd"
	if [[ ! -s $dir/modules.dep ]]; then
		find "$cache_dir" -maxdepth 1 -name 'depmod-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
		tmp=$(mktemp -d "$cache_dir/depmod.tmp.XXXXXX")
		mkdir -p "$tmp/lib/modules/$kver/extra"
		if [[ -d /lib/modules/$kver ]]; then
			for m in /lib/modules/"$kver"/*; do
				case "${m##*/}" in
				modules.order | modules.builtin | modules.builtin.modinfo) cp "$m" "$tmp/lib/modules/$kver/" ;;
				modules.* | extra | build | source) ;;
				*) ln -s "$m" "$tmp/lib/modules/$kver/${m##*/}" ;;
				esac
			done
		fi
		cp "${modules[@]}" "$tmp/lib/modules/$kver/extra/"
		if ! depmod -b "$tmp" "$kver" 2>"$tmp/err"; then
			cat "$tmp/err" >&2
			rm -rf "$tmp"
			exec {lock_fd}>&-
			return 1
		fi
		mkdir -p "$tmp/out"
		cp "$tmp/lib/modules/$kver"/modules.* "$tmp/out/"
		rm -rf "$dir"
		mv "$tmp/out" "$dir"
		rm -rf "$tmp"
	fi
	# Touched so that the expiry above never takes an entry in use.
	touch "$dir"
	mkdir -p "$run/depmod"
	cp "$dir"/modules.* "$run/depmod/" || rc=1
	exec {lock_fd}>&-
	return $rc
}
if ((${#modules[@]})) && [[ $kver != unknown ]] && command -v depmod >/dev/null; then
	host_depmod || msg "host depmod failed; the guest will run depmod (slow)"
fi

# ------------------------------------------------------------------ qemu ----

append="console=ttyS0 panic=-1 rdinit=/init vrsvm.run=$run"
((overlay)) || append+=" vrsvm.nooverlay"

# shellcheck disable=SC2054  # commas are qemu syntax
qemu_args=(
	-accel tcg -cpu max -smp "$cpus" -m "$mem"
	-nodefaults -no-user-config -nographic -no-reboot
	-kernel "$boot_kernel" -initrd "$initrd" -append "$append"
	-chardev "file,id=con,path=$log"
	-serial chardev:con
	-chardev stdio,id=out,signal=off
	-serial chardev:out
	-chardev "file,id=res,path=$res"
	-serial chardev:res
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-device virtio-rng-pci
	-nic none
)

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# run_qemu: one boot; sets timed_out, boot_hung and qrc.
run_qemu() {
	local now d end_at=0 ready=0
	timed_out=0
	boot_hung=0
	t0=$(now_ms)
	if [[ $mode == shell-tty ]]; then
		# Explicit stdin: bash gives background jobs /dev/null otherwise.
		exec 3<&0
		"$QEMU" "${qemu_args[@]}" <&3 2>"$run/qemu.err" 3<&- &
		exec 3<&-
	else
		"$QEMU" "${qemu_args[@]}" </dev/null 2>"$run/qemu.err" &
	fi
	qpid=$!
	while kill -0 "$qpid" 2>/dev/null; do
		now=$(now_ms)
		if ((timeout > 0 && now - t0 > timeout * 1000)); then
			timed_out=1
			break
		fi
		if ((!ready)) && grep -q '^VRSVM-READY' "$res" 2>/dev/null; then
			ready=1
			if [[ ${VM_VERBOSE:-0} == 1 ]]; then
				d=$((now - t0))
				printf '%s: booted %s in %d.%ds\n' "$PROG" "$kver" $((d / 1000)) $((d % 1000 / 100)) >&2
			fi
		fi
		if ((!ready && boot_timeout > 0 && now - t0 > boot_timeout * 1000)); then
			boot_hung=1
			break
		fi
		if grep -q '^VRSVM-END' "$res" 2>/dev/null; then
			# Report is complete; give the guest a moment to reboot, then stop it.
			((end_at)) || end_at=$now
			((now - end_at < 10000)) || break
		fi
		sleep 0.2
	done
	if kill -0 "$qpid" 2>/dev/null; then
		kill -TERM "$qpid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qpid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$qpid" 2>/dev/null || true
	fi
	qrc=0
	wait "$qpid" 2>/dev/null || qrc=$?
	qpid=""
}

run_qemu
if ((boot_hung)); then
	msg "the guest did not come up within ${boot_timeout}s; console tail:"
	tr -d '\r' <"$log" | tail -n 5 >&2
	msg "booting again (once)"
	: >"$res"
	: >"$log"
	run_qemu
	if ((boot_hung)); then
		msg "the guest did not come up within ${boot_timeout}s, twice"
		timed_out=1
	fi
fi

# --------------------------------------------------------------- verdict ----

show_console() {
	local n=${1:-200} from
	# Start at the command marker if there is one: that is the relevant part.
	from=$(grep -n 'vrs-vm: running command' "$log" 2>/dev/null | head -n1 | cut -d: -f1 || true)
	{
		echo "----- guest console ($log), last $n lines${from:+ since the command started} -----"
		if [[ -n $from ]]; then tail -n +"$from" "$log"; else cat "$log"; fi | tr -d '\r' | tail -n "$n"
		echo "----- end of guest console -----"
	} >&2
}

report=$(tr -d '\r' <"$res")
status=$(sed -n 's/^VRSVM-STATUS \([0-9]*\)$/\1/p' <<<"$report" | tail -n1)
checkfail=$(sed -n 's/^VRSVM-FAIL //p' <<<"$report")
panic=$(grep -a -m1 -E 'Kernel panic|end Kernel panic' "$log" 2>/dev/null || true)
# The console has every kernel message even if dmesg was cleared/overflowed.
console_bad=$(tr -d '\r' <"$log" | grep -a -E 'BUG:|WARNING:|KASAN|UBSAN|suspicious RCU usage|circular locking|sleeping function called|unreferenced object|waiting for .* to become free|Oops|Kernel panic|general protection|INFO: task .* blocked|refcount_t:|list_add corruption|list_del corruption' | head -n 20 || true)

rc=0
if ((timed_out)) && [[ -z $status ]]; then
	((boot_hung)) || msg "timeout: no result after ${timeout}s, killed qemu"
	show_console 60
	rc=124
elif [[ -z $status ]]; then
	if [[ -n $panic ]]; then
		msg "guest kernel panicked: $panic"
		rc=3
	else
		msg "VM exited without a result (qemu status $qrc)"
		rc=125
	fi
	grep -v 'terminating on signal' "$run/qemu.err" >&2 || true
	show_console 100
else
	rc=$status
	if ((checks)) && [[ -z $checkfail && -n $console_bad ]]; then
		checkfail="kernel console shows suspicious lines:"$'\n'"$console_bad"
	fi
	if [[ -n $checkfail ]]; then
		msg "post-run kernel checks FAILED:"
		while IFS= read -r l; do echo "  $l"; done <<<"$checkfail" >&2
		show_console 200
		((rc != 0)) || rc=3
	elif ((rc != 0)) && ((!shell)); then
		show_console 40
	fi
fi

if ((log_is_temp)); then
	# Keep it when it may matter: a kernel/harness problem, or a failed COMMAND.
	if ((rc == 0)) || { ((shell)) && [[ -n $status && -z $checkfail ]]; }; then
		rm -f "$log"
	else
		msg "full console log kept in $log"
	fi
fi
exit "$rc"
