from .util import helper

thing = helper("thing")
