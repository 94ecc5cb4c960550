# A bundled package for runtime.python's import tests (on the test class path only).
from .inner import thing
from . import util
from .sub.leaf import leaf_name
