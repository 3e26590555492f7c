#!/bin/sh
# shellcheck shell=sh
#
# Guest side of selftests/vm/vm.sh.  Runs as PID 1 under busybox sh.
#
#   stage 1 (/init in the initramfs): load the virtio/9p/overlay modules that
#     exist (built-in kernels simply have none), mount the host root
#     (virtio-9p tag "hostroot", read-only), build a writable root
#     (overlayfs: lower = 9p, upper = tmpfs; fallback: the 9p root with tmpfs
#     on the usual writable dirs), copy the run directory prepared by vm.sh
#     into /run/vrs-vm, and switch_root into it (PID 1 must itself change
#     root so that kernel usermode helpers such as request_module()'s
#     /sbin/modprobe see the same root as the tests).
#   stage 2 (/run/vrs-vm/init stage2): finish the environment, install
#     --module files + depmod, run the command with its output on ttyS1,
#     run the post-run kernel checks and report on ttyS2, then reboot
#     (qemu runs with -no-reboot, so that ends the VM).
#
# Ports: ttyS0 = kernel console (host log file), ttyS1 = command
# stdout/stderr (host stdout), ttyS2 = result protocol (host file):
#   VRSVM-READY            environment is up, command starts
#   VRSVM-STATUS <n>       exit status of the command
#   VRSVM-FAIL <text>      a post-run check failed (taint/dmesg/kmemleak)
#   VRSVM-END              report complete
#
# Kernel command line: vrsvm.run=<host run dir> [vrsvm.nooverlay] (not
# "vrs.": the kernel hands vrs.* to the vrs module as its parameters)

RUN=/run/vrs-vm
DMESG_RE='BUG:|WARNING:|KASAN|UBSAN|suspicious RCU usage|circular locking|sleeping function called|unreferenced object|waiting for .* to become free|Oops|Kernel panic|general protection|INFO: task .* blocked|refcount_t:|list_add corruption|list_del corruption'

log() { echo "vrs-vm-init: $*" >&2; }

die() {
	log "FATAL: $*"
	# Nothing sensible left to do: end the VM, the host sees no status.
	reboot -f
	sleep 100
}

cmdline_arg() { # NAME -> value of NAME=value on the kernel command line
	# shellcheck disable=SC2013  # words, not lines
	for _a in $(cat /proc/cmdline); do
		case "$_a" in "$1"=*) echo "${_a#*=}"; return 0 ;; "$1") echo 1; return 0 ;; esac
	done
	return 1
}

stage1() {
	export PATH=/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	[ -c /dev/console ] && exec </dev/console >/dev/console 2>&1

	# Load what we ship, in dependency order; absent = built-in kernel.
	if [ -s /modules.list ]; then
		while read -r m; do
			[ -f "/lib/modules/$m" ] || continue
			insmod "/lib/modules/$m" 2>/dev/null || log "insmod $m failed (built-in or loaded?)"
		done </modules.list
	fi

	run=$(cmdline_arg vrsvm.run) || die "no vrsvm.run= on the kernel command line"
	overlay=1
	cmdline_arg vrsvm.nooverlay >/dev/null && overlay=0

	mkdir -p /mnt/host /mnt/rw /newroot
	i=0
	until mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /mnt/host 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || die "cannot mount the 9p host root (virtio/9p missing from kernel?)"
		sleep 0.1
	done
	[ -d "/mnt/host$run" ] || die "run dir $run not visible over 9p"

	mount -t tmpfs -o mode=0755 vrs-rw /mnt/rw
	if [ $overlay = 1 ]; then
		mkdir -p /mnt/rw/upper /mnt/rw/work
		if ! mount -t overlay -o lowerdir=/mnt/host,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work vrs-root /newroot; then
			log "overlayfs over 9p failed, falling back to tmpfs mounts"
			overlay=0
		fi
	fi
	if [ $overlay = 0 ]; then
		mount --bind /mnt/host /newroot
		for d in tmp var/tmp; do
			mount -t tmpfs -o mode=1777 tmpfs "/newroot/$d"
		done
		for d in root mnt; do
			mount -t tmpfs -o mode=0755 tmpfs "/newroot/$d"
		done
		# Writable /lib/modules/<kver>: symlinks to the read-only originals.
		kver=$(uname -r)
		mkdir -p /mnt/rw/modules
		if [ -d "/mnt/host/lib/modules/$kver" ]; then
			for e in "/mnt/host/lib/modules/$kver"/*; do
				[ -e "$e" ] || continue
				case "${e##*/}" in
				modules.*) cp "$e" /mnt/rw/modules/ ;;
				*) ln -s "/run/vrs-vm/host/lib/modules/$kver/${e##*/}" "/mnt/rw/modules/${e##*/}" ;;
				esac
			done
		fi
		mkdir -p "/newroot/lib/modules/$kver" 2>/dev/null
		mount --bind /mnt/rw/modules "/newroot/lib/modules/$kver" ||
			log "no writable /lib/modules/$kver (--module will fail)"
	fi

	mount -t tmpfs -o mode=0755 tmpfs /newroot/run
	mkdir -p "/newroot$RUN/mods" "/newroot$RUN/bin" "/newroot$RUN/host"
	cp /bin/busybox "/newroot$RUN/busybox"
	cp /init "/newroot$RUN/init"
	cp -a "/mnt/host$run/." "/newroot$RUN/" || die "cannot copy run dir"
	echo "$overlay" >"/newroot$RUN/overlay"
	if [ -s "/newroot$RUN/modules.list" ]; then
		while read -r p; do
			cp "/mnt/host$p" "/newroot$RUN/mods/" || die "cannot copy module $p"
		done <"/newroot$RUN/modules.list"
	fi
	# Keep the raw host root reachable (fallback symlinks point here).
	mount --bind /mnt/host "/newroot$RUN/host"

	for d in proc sys dev; do
		mount --move "/$d" "/newroot/$d"
	done
	exec switch_root /newroot "$RUN/busybox" sh "$RUN/init" stage2
}

taint_check() {
	# Not "read": sysctl files return EOF for reads at offset > 0 and ash's
	# read builtin reads one byte at a time.
	t=$(cat /proc/sys/kernel/tainted)
	bad=$((t & ~(4096 | 8192)))
	[ "$bad" -eq 0 ] && return 0
	letters=PFSRMBUDAWCIOELKXTN
	desc=""
	i=0
	while [ $i -lt 19 ]; do
		if [ $((bad >> i & 1)) = 1 ]; then
			l=$(echo "$letters" | cut -c$((i + 1)))
			desc="$desc bit$i($l)"
		fi
		i=$((i + 1))
	done
	echo "VRSVM-FAIL kernel tainted: /proc/sys/kernel/tainted=$t, unexpected:$desc" >&8
}

dmesg_check() {
	dmesg >/tmp/.vrs-vm-dmesg 2>/dev/null || return 0
	if grep -E "$DMESG_RE" /tmp/.vrs-vm-dmesg >/tmp/.vrs-vm-dmesg-bad; then
		echo "VRSVM-FAIL dmesg contains $(wc -l </tmp/.vrs-vm-dmesg-bad) suspicious line(s):" >&8
		head -n 50 /tmp/.vrs-vm-dmesg-bad | sed 's/^/VRSVM-FAIL   /' >&8
	fi
	rm -f /tmp/.vrs-vm-dmesg /tmp/.vrs-vm-dmesg-bad
}

kmemleak_check() {
	k=/sys/kernel/debug/kmemleak
	[ -w $k ] || return 0
	echo scan >$k 2>/dev/null || return 0
	# kmemleak only reports objects older than 5 s (MSECS_MIN_AGE): wait
	# that long so that a leak from the command's last seconds is seen.
	sleep 5
	echo scan >$k 2>/dev/null
	if [ -s $k ] || grep -q . $k 2>/dev/null; then
		echo "VRSVM-FAIL kmemleak reports unreferenced objects:" >&8
		head -n 60 $k | sed 's/^/VRSVM-FAIL   /' >&8
	fi
}

# Wait (bounded) until every process but us is gone, so that the last
# close of ttyS1 (which drains the UART) has happened.
wait_others() {
	n=0
	while [ $n -lt 30 ]; do
		alive=0
		for d in /proc/[0-9]*; do
			[ "${d#/proc/}" = 1 ] && continue
			[ -e "$d/exe" ] && alive=1 && break
		done
		[ $alive = 0 ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
}

stage2() {
	"$RUN/busybox" --install -s "$RUN/bin"
	export PATH="$RUN/bin"
	cfg_mode=cmd cfg_checks=1 cfg_term=dumb cfg_kver=
	# shellcheck source=/dev/null
	. "$RUN/config"

	mkdir -p /dev/pts /dev/shm
	mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm
	[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
	mount --make-rshared /
	mkdir -p /run/netns /run/lock /run/user
	chmod 1777 /run/lock
	hostname vrs-vm
	ip link set lo up 2>/dev/null || ifconfig lo up

	exec 8>/dev/ttyS2
	stty -F /dev/ttyS2 raw -echo

	kver=$(uname -r)
	if [ -s "$RUN/modules.list" ]; then
		mkdir -p "/lib/modules/$kver/extra"
		cp "$RUN"/mods/*.ko "/lib/modules/$kver/extra/"
		if [ "$kver" = "$cfg_kver" ] && [ -s "$RUN/depmod/modules.dep" ]; then
			# Indexes computed by vm.sh on the host (depmod here is slow).
			cp "$RUN"/depmod/modules.* "/lib/modules/$kver/"
		else
			# Prefer the host's kmod depmod (what modprobe will read).
			# Its warnings (a kernel without modules.order) are not
			# kernel reports, so they stay off the checked console.
			dm=depmod
			[ -x /sbin/depmod ] && dm=/sbin/depmod
			if ! $dm -a "$kver" 2>/tmp/depmod.err; then
				echo "VRSVM-FAIL depmod failed:" >&8
				head -n 20 /tmp/depmod.err | sed 's/^/VRSVM-FAIL   /' >&8
			fi
		fi
	fi

	[ -w /sys/kernel/debug/kmemleak ] && echo clear >/sys/kernel/debug/kmemleak 2>/dev/null

	set -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root USER=root LOGNAME=root SHELL=/bin/bash VRS_VM=1
	sh_bin=/bin/bash
	[ -x $sh_bin ] || sh_bin=/bin/sh

	echo "VRSVM-READY" >&8
	echo "vrs-vm: running command" >/dev/kmsg
	# cmd.sh (written by vm.sh) exports --env vars, cds to the host cwd and
	# execs the command or the shell.
	case "$cfg_mode" in
	shell-tty)
		stty -F /dev/ttyS1 sane
		"$@" TERM="$cfg_term" \
			setsid -c $sh_bin "$RUN/cmd.sh" <>/dev/ttyS1 >&0 2>&0 8>&-
		status=$?
		;;
	shell)
		stty -F /dev/ttyS1 raw -echo
		"$@" TERM=dumb $sh_bin "$RUN/cmd.sh" <"$RUN/stdin" >/dev/ttyS1 2>&1 8>&-
		status=$?
		;;
	*)
		stty -F /dev/ttyS1 raw -echo
		"$@" TERM=dumb $sh_bin "$RUN/cmd.sh" </dev/null >/dev/ttyS1 2>&1 8>&-
		status=$?
		;;
	esac
	cd /
	echo "vrs-vm: command exited with status $status" >/dev/kmsg

	# Reap leftovers (daemons, background jobs) and flush the output port.
	kill -9 -1 2>/dev/null
	wait_others
	exec 9>/dev/ttyS1
	exec 9>&-

	if [ "$cfg_checks" = 1 ]; then
		taint_check
		dmesg_check
		kmemleak_check
	fi
	echo "VRSVM-STATUS $status" >&8
	echo "VRSVM-END" >&8
	exec 8>&-
	sync
	reboot -f
	sleep 100
}

case "${1:-}" in
stage2) stage2 ;;
*) stage1 ;;
esac
