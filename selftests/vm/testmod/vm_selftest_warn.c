// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for selftests/vm/selftest.sh: loading it with warn=1 triggers
 * a WARN_ON_ONCE() (taint W + "WARNING:" in dmesg), which the VM harness
 * must detect.  With warn=0 (default) it loads cleanly (only taints O/E).
 */
#include <linux/module.h>
#include <linux/kernel.h>

static int warn;
module_param(warn, int, 0444);
MODULE_PARM_DESC(warn, "trigger a WARN_ON_ONCE() at load time");

static int __init vm_selftest_warn_init(void)
{
	pr_info("vm_selftest_warn: loaded (warn=%d)\n", warn);
	WARN_ON_ONCE(warn);
	return 0;
}

static void __exit vm_selftest_warn_exit(void)
{
}

module_init(vm_selftest_warn_init);
module_exit(vm_selftest_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VRS VM harness self-test module");
MODULE_ALIAS("vrs-vm-selftest");
/* Like MODULE_ALIAS_GENL_FAMILY("vrsvmtest"): lets the self-test check that
 * kernel-initiated request_module() finds --module files. */
MODULE_ALIAS("net-pf-16-proto-16-family-vrsvmtest");
