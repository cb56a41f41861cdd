"""Writes a CSV report (stdin) as the same rows in a JSON array (stdout), for bench/ledger.sh.

One object per line, or the whole array on one line with --one-line (as a minifier writes
it). Empty cells are left out, as exports usually leave them; a count is a JSON number.
"""

import csv
import json
import sys

one_line = "--one-line" in sys.argv[1:]
rows = csv.DictReader(sys.stdin)
out = sys.stdout
out.write("[" if one_line else "[\n")
for i, row in enumerate(rows):
    obj = {k: (int(v) if k == "count" else v) for k, v in row.items() if v != ""}
    if i:
        out.write("," if one_line else ",\n")
    out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":") if one_line else None))
out.write("]" if one_line else "\n]\n")
