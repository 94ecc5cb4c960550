#!/usr/bin/env python3
"""CPython's view of a Python standard library, for comparison with TorchScript4J's parser.

Usage: cpython_ast_dump.py [STDLIB_DIR]   (default: the running interpreter's stdlib)

Walks every .py file under STDLIB_DIR (sorted; skipping site-packages, dist-packages and
__pycache__, but including the test/ folders) and prints one JSON object per line:

  {"path": PATH, "dump": ast.dump(ast.parse(BYTES))}          when CPython parses the file
  {"path": PATH, "error_line": N, "message": MSG}              when it raises SyntaxError

The file is parsed from its bytes, so that CPython decodes it (BOM, coding cookie) exactly as it
would import it. CPython reports line 0 for some errors that have no line (an undecodable file or
a bad coding cookie; a ValueError such as "source code string cannot contain null bytes" is
reported the same way): consumers treat error_line 0 as "no line", which any error on line 1 or
2 (where a coding cookie lives) matches. Warnings (invalid escape sequences) are silenced: they
are not errors.
"""
import ast
import json
import os
import sys
import sysconfig
import warnings

SKIPPED_DIRS = {"site-packages", "dist-packages", "__pycache__"}


def python_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        for name in sorted(filenames):
            if name.endswith(".py"):
                yield os.path.join(dirpath, name)


def describe(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        tree = ast.parse(data)
    except SyntaxError as e:
        return {"path": path, "error_line": e.lineno or 0, "message": e.msg}
    except (ValueError, RecursionError, MemoryError) as e:
        return {"path": path, "error_line": 0, "message": "%s: %s" % (type(e).__name__, e)}
    # ast.parse keeps CPython's limit on decimal integer literals (4300 digits), but repr() of a
    # parsed huge hexadecimal literal would hit the same limit: lift it for the dump only.
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return {"path": path, "dump": ast.dump(tree)}
    finally:
        sys.set_int_max_str_digits(limit)


def main(argv):
    root = argv[1] if len(argv) > 1 else sysconfig.get_paths()["stdlib"]
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    out = sys.stdout
    for path in python_files(root):
        out.write(json.dumps(describe(path)))
        out.write("\n")
    out.flush()


if __name__ == "__main__":
    main(sys.argv)
