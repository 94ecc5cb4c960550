for i in range(10):
    if i == 3:
        continue
    elif i > 7:
        break
    else:
        pass
else:
    print("done")

while x < 10:
    x += 1
else:
    x = 0

try:
    risky()
except (ValueError, TypeError) as e:
    raise RuntimeError("bad") from e
except Exception:
    pass
else:
    ok()
finally:
    cleanup()
