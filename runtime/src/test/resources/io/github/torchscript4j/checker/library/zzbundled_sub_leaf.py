from ..util import helper
from .. import inner

leaf_name = helper(__name__) + " and " + inner.thing
