#!/usr/bin/env python3
"""The shape of the code (issue 12): files under Sources/ over 400 lines, functions over 60 lines.
Prints one line per offender and exits 1 when there is any; `--list N` prints the N longest functions.
A function's length runs from its `func`/`init` line to the line of its closing brace (found by
counting braces outside strings and comments)."""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources")
MAX_FILE, MAX_FUNC = 400, 60
DECL = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|mutating|override|final|nonisolated|@inlinable|@usableFromInline)\s+)*(?:func\s+\S|init[?!]?\s*[(<])')

def strip(line):
    out, i, in_str = [], 0, False
    while i < len(line):
        c = line[i]
        if not in_str and line.startswith("//", i):
            break
        if c == '\\' and in_str:
            i += 2
            continue
        if c == '"':
            in_str = not in_str
        elif not in_str:
            out.append(c)
        i += 1
    return "".join(out)

def functions(lines):
    for start, line in enumerate(lines):
        if not DECL.match(line):
            continue
        depth, opened = 0, False
        for end in range(start, len(lines)):
            s = strip(lines[end])
            depth += s.count("{") - s.count("}")
            opened = opened or "{" in s
            if opened and depth <= 0:
                yield start + 1, end - start + 1, line.strip()
                break

def main():
    listing = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--list" else 0
    bad, all_funcs = [], []
    for d, _, names in os.walk(ROOT):
        for n in sorted(names):
            if not n.endswith(".swift"):
                continue
            path = os.path.join(d, n)
            rel = os.path.relpath(path, os.path.join(ROOT, ".."))
            lines = open(path, encoding="utf-8").read().split("\n")
            if len(lines) - 1 > MAX_FILE:
                bad.append(f"{rel}: {len(lines) - 1} lines (over {MAX_FILE})")
            for line, length, text in functions(lines):
                all_funcs.append((length, f"{rel}:{line}: {text[:80]}"))
                if length > MAX_FUNC:
                    bad.append(f"{rel}:{line}: function of {length} lines (over {MAX_FUNC}): {text[:80]}")
    if listing:
        for length, where in sorted(all_funcs, reverse=True)[:listing]:
            print(length, where)
        return 0
    for b in bad:
        print(b)
    return 1 if bad else 0

sys.exit(main())
