with open(p) as f, open(q) as g:
    pass
with (open(p) as f,
      open(q) as g,):
    pass
with a, b:
    pass
with (yield):
    pass
