def helper(s):
    return s + " from " + __name__
