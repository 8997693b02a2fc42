#!/usr/bin/env python3
"""Writes crates/core/assets/cl100k_base.bpe.z, the token table the usage
estimate counts with (OpenAI's cl100k_base, MIT licensed, as published in
tiktoken's `cl100k_base.tiktoken`: base64 token and rank per line).

The table is each token's bytes in rank order, each preceded by its length
in one byte, zlib-compressed: 0.46 MB instead of tiktoken's 1.7 MB of
base64 text.

    scripts/make-bpe-table.py path/to/cl100k_base.tiktoken
"""
import base64
import sys
import zlib
from pathlib import Path

source = Path(sys.argv[1])
tokens = []
for line in source.read_text().splitlines():
    encoded, rank = line.split()
    tokens.append((int(rank), base64.b64decode(encoded)))
tokens.sort()
assert [rank for rank, _ in tokens] == list(range(len(tokens))), "ranks must run 0..n"
assert all(0 < len(token) < 256 for _, token in tokens)
raw = b"".join(bytes([len(token)]) + token for _, token in tokens)
target = Path(__file__).resolve().parent.parent / "crates/core/assets/cl100k_base.bpe.z"
target.write_bytes(zlib.compress(raw, 9))
print(f"{len(tokens)} tokens, {len(raw)} bytes, {target.stat().st_size} compressed -> {target}")
