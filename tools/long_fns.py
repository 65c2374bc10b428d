#!/usr/bin/env python3
"""Lists Rust functions longer than a limit (80 lines by default), body
braces included, skipping generated tables. A small brace-depth scan:
strings, chars and comments are blanked first so their braces do not count.

    python3 tools/long_fns.py [--limit N] [PATH...]   (default: crates/*/src)
"""
import re
import sys
from pathlib import Path

FN = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\s+(\w+)')


def blank(src: str) -> str:
    """Replaces string, char and comment contents with spaces, keeping newlines."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif c == 'r' and re.match(r'r#*"', src[i:i + 10]) and not (i and (src[i - 1].isalnum() or src[i - 1] == '_')):
            hashes = re.match(r'r(#*)"', src[i:]).group(1)
            end = '"' + hashes
            j = src.find(end, i + 2 + len(hashes))
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            out.append(re.sub(r'[^\n]', ' ', src[i:j + 1]))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", src[i:i + 12]):
            m = re.match(r"'(\\.|[^\\'])'|'\\u\{[0-9a-fA-F]+\}'|'\\x[0-9a-fA-F]{2}'", src[i:i + 12])
            out.append(' ' * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def long_fns(path: Path, limit: int):
    lines = blank(path.read_text()).split('\n')
    for i, line in enumerate(lines):
        m = FN.match(line)
        if not m:
            continue
        depth, started = 0, False
        for j in range(i, len(lines)):
            for ch in lines[j]:
                if ch == '{':
                    depth += 1
                    started = True
                elif ch == '}':
                    depth -= 1
                elif ch == ';' and not started and depth == 0:
                    break  # a declaration without a body
            else:
                if started and depth == 0:
                    length = j - i + 1
                    if length > limit:
                        yield i + 1, m.group(7), length
                    break
                continue
            break


def main():
    args = sys.argv[1:]
    limit = 80
    if args[:1] == ['--limit']:
        limit, args = int(args[1]), args[2:]
    roots = [Path(a) for a in args] or sorted(Path('crates').glob('*/src'))
    found = []
    for root in roots:
        for f in sorted(root.rglob('*.rs') if root.is_dir() else [root]):
            found += [(f, line, name, n) for line, name, n in long_fns(f, limit)]
    for f, line, name, n in sorted(found, key=lambda x: -x[3]):
        print(f'{n:5}  {f}:{line}  {name}')
    print(f'{len(found)} functions over {limit} lines')


if __name__ == '__main__':
    main()
