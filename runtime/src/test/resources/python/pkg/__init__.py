from .base import Base
from . import helpers

VERSION = "1.0"
