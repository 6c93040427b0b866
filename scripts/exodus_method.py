#!/usr/bin/env python3
"""The Exodus Privacy detection method, as a baseline for scripts/bench.sh:
read `dexdump` output on stdin, take the defined class names
("Class descriptor : 'Lcom/x/Y;'"), and search every tracker's
code_signature regex in them (signatures of 3 characters or fewer are
skipped, as Exodus does). Prints the names of the trackers found.

usage: dexdump classes.dex | exodus_method.py exodus_trackers.json
"""
import json
import re
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        trackers = json.load(f)["trackers"].values()
    sigs = [(t["name"], re.compile(t["code_signature"])) for t in trackers
            if len(t.get("code_signature") or "") > 3]
    classes = []
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("Class descriptor"):
            classes.append(line.split("'")[1][1:-1])  # Lcom/x/Y; -> com/x/Y
    found = sorted({name for name, rx in sigs for c in classes if rx.search(c)})
    print("\n".join(found))


if __name__ == "__main__":
    main()
