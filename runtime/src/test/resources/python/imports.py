# Imports of Python source under the source root: packages, relative imports, aliases.
import pkg
import pkg.sub.derived as derived
from pkg import Base, VERSION
from pkg.helpers import shout
from pkg.sub.derived import Derived

print(VERSION, shout("hi"), Base(3).doubled(), Derived(3).doubled(), Derived(1).label())
print(derived.Derived is Derived, pkg.helpers.shout("x"), pkg.base.Base is Base, isinstance(Derived(1), pkg.Base))
print(Derived.__module__, Base.__module__, pkg.__name__, derived.__name__)
