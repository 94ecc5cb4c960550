import os
import os.path as osp, sys
from . import sibling
from .. import parent
from ...pkg.mod import (a, b as c,
                        d)
from __future__ import annotations
from mod import *
