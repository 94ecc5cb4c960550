from ..base import Base
from ..helpers import shout as loud


class Derived(Base):
    def doubled(self):
        return super().doubled() + 1

    def label(self):
        return loud(type(self).__module__ + "." + type(self).__name__)
