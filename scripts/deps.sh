#!/bin/sh
# Install everything the build, the demo and the tests need on Debian 12.
# Idempotent: returns at once when all packages are present.
set -eu

pkgs="build-essential pkg-config linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static kmod cpio libmnl-dev iproute2 sparse
clang llvm libclang-rt-14-dev iputils-ping netcat-openbsd tcpdump ethtool
procps groff-base"
[ "${VRS_DEPS_EXTRA:-}" ] && pkgs="$pkgs $VRS_DEPS_EXTRA"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to apt-get install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/vrs-update-stamp
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +360 2>/dev/null)" ]; then
	apt-get update -qq
	mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
