# Exceptions: the builtin hierarchy, user subclasses, handlers, finally, raise from, messages.


class MyError(ValueError):
    def __init__(self, code, msg="bad"):
        super().__init__(f"{msg} ({code})")
        self.code = code


class Plain(Exception):
    pass


def risky(kind):
    if kind == 0:
        return 1 / 0
    if kind == 1:
        return [][3]
    if kind == 2:
        return {}["missing"]
    if kind == 3:
        raise MyError(42)
    if kind == 4:
        return undefined_name
    if kind == 5:
        return None.attr
    if kind == 6:
        raise Plain("a", 2)
    if kind == 7:
        raise NotImplementedError
    if kind == 8:
        assert kind == 0, "assertion message"
    if kind == 9:
        return int("x1")
    if kind == 10:
        raise RuntimeError("boom") from KeyError("cause")
    if kind == 11:
        raise TypeError()
    return "fine"


for k in range(13):
    try:
        r = risky(k)
    except ZeroDivisionError as e:
        print(k, "ZeroDivisionError", e, e.args)
    except LookupError as e:
        print(k, type(e).__name__, str(e), repr(e), isinstance(e, (IndexError, KeyError)))
    except MyError as e:
        print(k, "MyError", e, e.code, isinstance(e, ValueError), isinstance(e, Exception), e.args)
    except (NameError, AttributeError) as e:
        print(k, type(e).__name__, e)
    except Plain as e:
        print(k, "Plain", e, e.args, repr(e))
    except RuntimeError as e:
        print(k, type(e).__name__, repr(str(e)), type(e.__cause__).__name__ if e.__cause__ else None)
    except AssertionError as e:
        print(k, "AssertionError", e)
    except Exception as e:
        print(k, "Exception", type(e).__name__, e)
    else:
        print(k, "no error", r)
    finally:
        pass


def order():
    log = []
    try:
        try:
            log.append("try")
            raise ValueError("inner")
        except ValueError:
            log.append("except")
            raise
        finally:
            log.append("finally")
    except ValueError as e:
        log.append("outer " + str(e))
    return log


print(order())


def finally_return():
    try:
        return "try"
    finally:
        print("finally runs before return")


print(finally_return())


def loop_finally():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            out.append(i)
        finally:
            out.append("f")
    return out


print(loop_finally())
try:
    try:
        raise KeyError("first")
    except KeyError:
        raise ValueError("second")
except ValueError as e:
    print("context", type(e.__context__).__name__)
try:
    raise Exception
except Exception as e:
    print(repr(e), str(e) == "", e.args)
try:
    raise MyError
except TypeError as e:
    print("TypeError:", e)
e2 = ValueError("x", 1)
print(e2.args, str(e2), repr(e2), repr(KeyError("k")), str(KeyError("k")), repr(ValueError()))
print(issubclass(KeyError, LookupError), issubclass(RecursionError, RuntimeError), issubclass(MyError, Exception))
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
try:
    [1, 2].index(5)
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    import no_such_module_here
except ImportError as e:
    print(type(e).__name__, e)
try:
    import math
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
for bad in (lambda: {}.pop("p"), lambda: set().remove(3), lambda: "{x}".format(), lambda: {}.popitem(), lambda: set().pop()):
    try:
        bad()
    except KeyError as e:
        print("KeyError", e, e.args)
