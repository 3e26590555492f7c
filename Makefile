# SPDX-License-Identifier: GPL-2.0
#
# VRS: virtual-router substrate.
#
#   make            build vrs.ko (against the installed Debian kernel headers)
#                   and vrnl
#   make demo       boot a VM, load vrs.ko, show virtual routers at work
#   make check      every test: userspace unit tests, then the VM selftests
#   make check-debug the VM selftests, fault injection and a fuzzer in a
#                   debug kernel (KASAN, lockdep, kmemleak; selftests/debug/)
#   make vm-shell   an interactive shell in the test VM (vrs.ko installed)
#   make deps       apt-install what all of the above need (idempotent)
#   make install    vrnl, its man page and its bash completion (PREFIX,
#                   DESTDIR; BASHCOMPDIR for the completion)
#   make lint       checkpatch --strict and sparse over the module
#   make bench-fib  FIB benchmark (see bench/fib.md)
#   make bench-batch vrnl -batch vs ip -batch bulk route load in the VM
#                   (COUNT=N for the first N prefixes; see bench/batch.md)
#
# KDIR selects the kernel build tree; by default the newest installed
# /lib/modules/*/build, never `uname -r` (the build host's kernel is not the
# module's).

KDIR ?= $(shell scripts/kdir.sh)
VM := selftests/vm/vm.sh
VM_ARGS ?=
KSRC ?= /usr/src/linux-source-6.1

all: module vrnl

deps:
	@scripts/deps.sh

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

vrnl:
	$(MAKE) -C userspace

.PHONY: all deps module vrnl

# ---- install (vrnl; the module is loaded from the build tree or by the
# distribution's means) ---------------------------------------------------

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= /usr/share/bash-completion/completions

install: vrnl
	install -D -m 0755 userspace/vrnl $(DESTDIR)$(SBINDIR)/vrnl
	install -D -m 0644 Documentation/vrnl.8 $(DESTDIR)$(MANDIR)/man8/vrnl.8
	install -D -m 0644 userspace/completion/vrnl $(DESTDIR)$(BASHCOMPDIR)/vrnl

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/vrnl $(DESTDIR)$(MANDIR)/man8/vrnl.8 \
		$(DESTDIR)$(BASHCOMPDIR)/vrnl

.PHONY: install uninstall

# ---- tests -------------------------------------------------------------

check: deps
	$(MAKE) all selftests
	selftests/check.sh

check-unit:
	selftests/run-unit.sh

selftests:
	$(MAKE) -C selftests/netlink

check-vm: all selftests
	$(VM) --timeout 2400 $(VM_ARGS) --module $(CURDIR)/vrs.ko -- selftests/run-vm-tests.sh

vm-shell: all
	$(VM) $(VM_ARGS) --module $(CURDIR)/vrs.ko --shell

demo: deps
	$(MAKE) all
	$(VM) $(VM_ARGS) --module $(CURDIR)/vrs.ko -- scripts/demo.sh

.PHONY: check check-unit check-vm vm-shell demo selftests

# The debug tier: the suite, fault injection and the netlink fuzzer in a
# KASAN/lockdep/kmemleak kernel built once from $(KSRC) (selftests/debug/).
check-debug:
	VRS_DEPS_EXTRA="linux-source-6.1 flex bison bc libelf-dev libssl-dev xz-utils" \
		scripts/deps.sh
	$(MAKE) vrnl selftests
	$(MAKE) -C selftests/debug
	selftests/debug/check-debug.sh

.PHONY: check-debug

# ---- quality -----------------------------------------------------------

lint: module
	$(KSRC)/scripts/checkpatch.pl --strict --no-tree --terse \
		--ignore FILE_PATH_CHANGES \
		-f $(wildcard kmod/*.[ch] kmod/fib/*.[ch]) include/uapi/linux/vrs.h
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 modules 2>&1 | \
		tee /dev/stderr | { ! grep -E 'warning|error'; }

.PHONY: lint

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C userspace/tests clean
	$(MAKE) -C selftests/netlink clean

.PHONY: clean

# ---- FIB (userspace build of kmod/fib; see selftests/fib, bench/fib.md) ---

check-fib:
	$(MAKE) -C selftests/fib check

bench-fib:
	VRS_DEPS_EXTRA="libdpdk-dev" scripts/deps.sh
	$(MAKE) -C selftests/fib bench

fuzz-fib:
	$(MAKE) -C selftests/fib fuzz

.PHONY: check-fib bench-fib fuzz-fib

# ---- bulk route load (bench/batch.sh, bench/batch.md) -----------------------

COUNT ?=
bench-batch: all
	$(VM) --mem 6144 --timeout 7200 $(VM_ARGS) --module $(CURDIR)/vrs.ko -- \
		bench/batch.sh $(COUNT)

.PHONY: bench-batch
