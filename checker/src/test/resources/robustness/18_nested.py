def outer():
    x = 1

    def inner():
        nonlocal x
        x += 1

        class Local:
            def m(self):
                return [[{(a, b): c for a, b in d} for d in e] for e in f]

        return Local
    return inner
