total = 1 + \
    2 + \
    3
items = [
    1,
    2,  # comment
    3,
]
if (a and
        b or
        not c):
    pass
