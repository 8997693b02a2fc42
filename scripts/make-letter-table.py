#!/usr/bin/env python3
"""Writes crates/core/src/tokens/letters.rs: the ranges of Unicode's Letter
category (Lu, Ll, Lt, Lm, Lo), which the token counter's pre-tokenizer
needs and Rust's standard library does not expose (`is_alphabetic` also
takes combining marks and letter-numbers). From Python's own Unicode
database (`unicodedata`, version printed in the file).
"""
import sys
import unicodedata
from pathlib import Path

ranges = []
for code in range(sys.maxunicode + 1):
    if unicodedata.category(chr(code)).startswith("L"):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])

lines = [
    "//! Unicode's Letter category as ranges, written by",
    f"//! `scripts/make-letter-table.py` (Unicode {unicodedata.unidata_version}). Do not edit.",
    "",
    "// Six ranges a line, as written: 648 lines of one range each say no more.",
    "#[rustfmt::skip]",
    "pub(super) const LETTERS: &[(u32, u32)] = &[",
]
row = []
for start, end in ranges:
    row.append(f"(0x{start:X}, 0x{end:X})")
    if len(row) == 6:
        lines.append("    " + ", ".join(row) + ",")
        row = []
if row:
    lines.append("    " + ", ".join(row) + ",")
lines.append("];")
target = Path(__file__).resolve().parent.parent / "crates/core/src/tokens/letters.rs"
target.write_text("\n".join(lines) + "\n")
print(f"{len(ranges)} ranges -> {target}")
