# os as model files use it at import time: os.path's string functions and the environment.
import os
import os.path
from os.path import join

print(os.path.join("models", "weights", "net.pt"))
print(join("a/", "b"), join("a", "/abs", "c"), join("", "x"))
print(os.path.basename("dir/sub/file.tar.gz"), repr(os.path.basename("dir/")))
print(repr(os.path.dirname("dir/sub/file.py")), repr(os.path.dirname("file.py")), repr(os.path.dirname("/x")))
print(os.path.splitext("a/b.c.d"), os.path.splitext(".bashrc"), os.path.splitext("dir.x/file"), os.path.splitext("..a.b"))
print(os.path.isabs("/x"), os.path.isabs("x"), os.path.normpath("a/./b/../c"), os.path.normpath(""))
print(os.sep, os.path.sep, os.name)
print(isinstance(os.environ, dict) or hasattr(os.environ, "get"), os.getenv("TORCHSCRIPT4J_SURELY_UNSET", "default"))
print(os.environ.get("TORCHSCRIPT4J_SURELY_UNSET") is None)
