#!/bin/bash
# Build (once) the debug kernel for the VRS debug tier and print its build dir.
#
# Base: Debian's linux-source-6.1, `make tinyconfig`, merged with
# debug-kernel.config beside this script.  The result is cached outside the
# work tree, keyed by the hash of the fragment and of the source tarball, so
# only the first run pays for the ~11 minute build.
#
# Usage: build-kernel.sh            prints the build dir on stdout
# Env:   VRS_DEBUG_CACHE (default /var/cache/vrs-debug-kernel)
#        JOBS            (default: nproc)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
frag=$here/debug-kernel.config
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-6.1.tar.*' | sort | head -n1)
[ -n "$tarball" ] || { echo "build-kernel: linux-source-6.1 is not installed" >&2; exit 1; }

cache=${VRS_DEBUG_CACHE:-/var/cache/vrs-debug-kernel}
key=$( (cat "$frag"; stat -c '%s %Y' "$tarball") | sha256sum | cut -c1-16)
out=$cache/$key
if [ -f "$out/.done" ]; then
	echo "$out/linux"
	exit 0
fi

mkdir -p "$cache"
rm -rf "$out"
mkdir -p "$out"
echo "build-kernel: building debug kernel into $out (first run only)" >&2
tar -C "$out" -xf "$tarball"
mv "$out"/linux-source-6.1 "$out/linux"
cd "$out/linux"
make -s tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
make -s olddefconfig >&2
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=y' "$frag" | while read -r l; do
	grep -qx "$l" .config || echo "${l%%=*}"; done)
[ -z "$missing" ] || echo "build-kernel: note: not set after olddefconfig: $missing" >&2
nice -n 10 make -s -j"${JOBS:-$(nproc)}" bzImage modules_prepare >&2
# Module.symvers is needed for external modules; with no in-tree modules an
# empty one is enough.
[ -f Module.symvers ] || nice -n 10 make -s -j"${JOBS:-$(nproc)}" modules >&2
touch Module.symvers
touch "$out/.done"
echo "$out/linux"
