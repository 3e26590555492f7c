#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A check of check-debug.sh itself, not of VRS: writes a line that looks
# like a kernel report into the kernel log, so the boot must fail this
# program, print the line, and give the lane's next programs a new boot.
#   selftests/debug/check-debug.sh netlink/vrs_batch_test debug/fake-report.sh module.sh
# must end "not ok 2 ... kernel report" with programs 1 and 3 ok.
echo "TAP version 13"
echo "1..1"
echo "WARNING: check-debug harness test: fake report from debug/fake-report.sh" >/dev/kmsg
echo "ok 1 wrote a fake report"
echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
