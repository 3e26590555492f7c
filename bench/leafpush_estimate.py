#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a leaf-pushed IPv4 FIB that still holds every prefix would cost.

bench/fib.md ("What is left, measured", first section) asks
whether the depth-3 nodes of kmod/fib (6-bit stride, below the /18
dir[]) could store their answers leaf-pushed, Poptrie style (one popcount
from the header to the answer), and still hold what walks, exact gets and
deletes need, within the 8 bytes per prefix of the FIB goal.  This counts
it on a real table, without building anything:

  current   16-byte header (cbm, pbm) + one 4-byte slot per child or
            fringe, per in-node prefix and for the inherited default,
            rounded to 8 bytes (kmod/fib/fib_int.h)
  leafpush  run bitmap + pbm (in-node prefixes) + fbm (/24s), then one
            4-byte slot per run of chunks with the same longest match
            (a chunk with a node below is a run of its own), per such
            node (its fallback) and per in-node prefix no chunk answers
            with (hidden); the inherited default needs no slot of its
            own when hidden (the writer recomputes it from above).
            "fixed": 24-byte header; "flag": pbm only when not empty,
            said by bit 0 of the run bitmap (chunk 0 always starts a run,
            so the bit is free); "two flags": pbm and fbm each only when
            not empty (needs a second free bit, which the node format
            does not have: a lower bound)

Usage: bench/leafpush_estimate.py [prefix file (.gz)]
"""
import gzip
import ipaddress
import sys
from collections import defaultdict

DIR_BITS = 18
STRIDE = 6


def load_v4(path):
    opener = gzip.open if path.endswith(".gz") else open
    short, blocks = set(), defaultdict(list)
    n = 0
    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line or ":" in line:
                continue
            net = ipaddress.ip_network(line, strict=False)
            a, p = int(net.network_address), net.prefixlen
            n += 1
            if p < DIR_BITS:
                short.add((a, p))
            else:
                blocks[a >> (32 - DIR_BITS)].append((a, p))
    return n, short, blocks


def round8(x):
    return (x + 7) // 8 * 8


def sources(pbm, fbm, child):
    """Longest match inside the node for each of the 64 chunks."""
    src = []
    for v in range(1 << STRIDE):
        if v in child:
            src.append(("node", v))
        elif v in fbm:
            src.append(("/24", v))
        else:
            best = ("default", 0)
            for l in range(STRIDE - 1, -1, -1):
                idx = (1 << l) | (v >> (STRIDE - l))
                if idx in pbm:
                    best = ("pbm", idx)
                    break
            src.append(best)
    return src


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else \
        "../shared/data/bgp-prefixes-2026.txt.gz"
    n, _, blocks = load_v4(path)
    tot = defaultdict(int)
    for blk, ps in blocks.items():
        if all(p == DIR_BITS for _, p in ps):
            continue        # a lone /18 is a fringe above depth 3
        pbm, fbm, child = set(), set(), set()
        for a, p in ps:
            off = a - (blk << (32 - DIR_BITS))
            v = off >> 8
            if p < 24:
                l = p - DIR_BITS
                pbm.add((1 << l) | (v >> (STRIDE - l)))
            elif p == 24:
                fbm.add(v)
            else:
                child.add(v)
        src = sources(pbm, fbm, child)
        runs = sum(1 for v in range(64)
                   if v == 0 or src[v] != src[v - 1] or src[v][0] == "node")
        seen = set(src)
        hidden = sum(1 for i in pbm if ("pbm", i) not in seen)
        slots = runs + len(child) + hidden
        cur_slots = len(fbm | child) + len(pbm) + 1
        tot["nodes"] += 1
        tot["runs"] += runs
        tot["hidden"] += hidden
        tot["children"] += len(child)
        tot["current"] += round8(16 + 4 * cur_slots)
        tot["fixed"] += round8(24 + 4 * slots)
        tot["flag"] += round8(16 + (8 if pbm else 0) + 4 * slots)
        hdr = 8 + (8 if pbm else 0) + (8 if fbm else 0)
        tot["two flags"] += round8(hdr + 4 * slots)
    print(f"IPv4 prefixes {n}, depth-3 nodes {tot['nodes']}, runs "
          f"{tot['runs']}, hidden in-node prefixes {tot['hidden']}, "
          f"chunks with a depth-4 node {tot['children']}")
    print(f"dir[] {4 << DIR_BITS} bytes = {(4 << DIR_BITS) / n:.2f} B/prefix")
    for k in ("current", "fixed", "flag", "two flags"):
        print(f"depth-3 nodes, {k:9s}: {tot[k]:9d} bytes = "
              f"{tot[k] / n:.2f} B/prefix")


if __name__ == "__main__":
    main()
