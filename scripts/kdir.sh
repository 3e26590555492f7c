#!/bin/sh
# Print the build directory of the newest installed Debian kernel that has
# headers (/lib/modules/VER/build).  Never `uname -r`: the host kernel that
# runs the build is not the one the module is for.
for d in $(ls -d /lib/modules/*/build 2>/dev/null | sort -V -r); do
	[ -f "$d/Makefile" ] && { echo "$d"; exit 0; }
done
echo "kdir.sh: no kernel headers under /lib/modules/*/build; run 'make deps'" >&2
exit 1
