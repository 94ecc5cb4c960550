match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0):
        print("Origin")
    case {"x": x, "y": y, **rest}:
        pass
    case [1, 2, *others] if others:
        pass
    case 1 | 2 | 3 as n:
        pass
    case -1 + 2j | "s" | b"b" | None | True:
        pass
    case _:
        pass
match = 1
case = match
