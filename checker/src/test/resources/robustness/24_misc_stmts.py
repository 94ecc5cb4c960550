assert x, "message"
assert (x, y)
raise
raise E
pass; pass;
if x: pass
while 0: break
for i in []: continue
class E: pass
def f(): return
