#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VRS demo, run inside the test VM by `make demo`: load the module,
# create virtual routers for two tenants, show them, watch the events.
set -e
cd "$(dirname "$0")/.."
export PATH="$PWD/userspace:$PATH"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

echo "== VRS demo on $(uname -sr)"
step modprobe vrs
step grep vrs /proc/modules

echo
echo "== A listener on the \"vr\" multicast group (vrnl monitor) in the background"
vrnl monitor vr > /tmp/demo-monitor.out &
monitor=$!
sleep 0.5

echo
echo "== The host admin creates one virtual router per tenant"
step vrnl vr add tenant-a
step vrnl vr add tenant-b id 100
step vrnl vr add spare
step vrnl vr show
step vrnl -j -p vr show
step vrnl vr del spare

echo
echo "== Mistakes get iproute2-style errors and exit codes"
step vrnl vr add tenant-a || echo "(exit $?)"
step vrnl vr add this-name-is-too-long || echo "(exit $?)"
step vrnl vr show nosuch || echo "(exit $?)"

echo
echo "== Each network namespace has its own set of VRs"
step ip netns add tenant-ns
step vrnl -n tenant-ns vr add tenant-a
step vrnl -n tenant-ns vr show
step vrnl vr show

echo
echo "== What the monitor saw"
sleep 0.3
kill $monitor
step cat /tmp/demo-monitor.out

echo
echo "== Unload with VRs present"
step ip netns del tenant-ns
step rmmod vrs
echo
echo "Demo done. Forwarding between tenants comes with the [datapath] issue."
