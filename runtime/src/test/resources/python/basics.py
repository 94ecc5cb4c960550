# Numbers, strings, containers and formatting: printed with print(), compared with CPython.
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 7 / 2, 6 / 3, 2 ** 10, 2 ** -1, (-2) ** 3)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 1e300 * 10, -1e300 * 10, 0.1 + 0.2, 1 / 3)
print(True + 1, True * 2.5, 3 & 5, 3 | 5, 3 ^ 5, ~5, 1 << 10, -16 >> 2, abs(-3), abs(-2.5))
print(int("42"), int(" -7 "), int(3.9), int(-3.9), int("ff", 16), int("0x1f", 0), float("1.5"), float("inf"), float(3))
print(round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1234, -2), divmod(7, -2), pow(3, 4, 5))
print(1 == 1.0, 1 < 2.5, "a" < "b", [1, 2] < [1, 3], (1, 2) == (1, 2), [1, [2]] == [1, [2]], None is None)
print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, not 0, not [], 0 or "x", "" and 1, [] or {} or 5)
print(str(1.0), repr(0.1), str(1e16), str(1e-5), repr(-0.0), str(123456789.0), 1e22, 2.5e-7, float("nan"))
s = "Hello, World"
print(s[0], s[-1], s[2:5], s[::-1], s[::2], s[-5:], s[:100], len(s), s.lower(), s.upper())
print(s.split(", "), "a b  c".split(), "a,b,,c".split(","), "k=v=w".split("=", 1), "a b c".rsplit(" ", 1))
print(" x ".strip() + "|", "xxhixx".strip("x"), "  y".lstrip(), "z  ".rstrip() + "|", "-".join(["a", "b", "c"]))
print(s.startswith("Hell"), s.endswith(("x", "ld")), s.replace("l", "L"), s.find("o"), s.rfind("o"), s.find("q"), s.count("l"))
print("abc".isidentifier(), "1abc".isidentifier(), "_x1".isidentifier(), "123".isdigit(), "ab".isalpha(), "Ab".isupper())
print("x".center(5, "*"), "x".ljust(3) + "|", "x".rjust(3), "42".zfill(5), "-42".zfill(5), "a-b-c".partition("-"))
print(repr("it's"), repr('say "hi"'), repr("tab\there\n"), str(None), str(True), repr([1, "a", None, 2.0]))
x = 3.14159
n = 42
print(f"{x:.2f} {x:10.3f}| {x:<10.1f}| {n:05d} {n:x} {n:#x} {n:b} {n:,} {1234567.891:,.2f} {n!r} {'s'!r}")
print(f"{x:e} {x:.3e} {x:g} {1e-7:g} {123456789:g} {0.5:%} {0.25:.1%} {n:>6} {n:<6}| {n:^6}| {'ab':*^7}")
print(f"{x}", f"{n + 1}", f"{[1, 2]}", f"{'nested ' + str(n)}", f"{x:{'.3f'}}", f"{-5:+d} {5:+d} {5: d}")
print("%d items, %s, %r, %5.2f, %-4d|, %04d, %x, %%, %e" % (3, "str", "repr", 3.14159, 7, 42, 255, 12345.678))
print("%(name)s is %(age)d" % {"name": "Bob", "age": 30}, "%s" % 5, "%.3g" % 0.000123456)
print("{} {} {}".format(1, "b", 3.0), "{0} {1} {0}".format("a", "b"), "{name}={value:.1f}".format(name="x", value=2.25))
print("{:>5}|{:<5}|{:^5}|".format("a", "b", "c"), "{0[1]} {1[k]}".format([1, 2], {"k": "v"}), "{{literal}}".format())
l = [3, 1, 2]
l.append(5)
l.extend([0, 9])
l.insert(1, 7)
print(l, l.pop(), l.pop(0), l.index(2), l.count(1), sorted(l), sorted(l, reverse=True), l[1:3], l[::-1])
l.sort()
l.reverse()
l.remove(7)
print(l, len(l), min(l), max(l), sum(l), sum([0.5, 0.25]), max([1, 3, 2], key=lambda v: -v), min("bca"))
l[1:3] = [10, 20, 30]
del l[0]
print(l, [1, 2] * 2, [0] * 3, (1,) * 3, (1, 2) + (3,), [1] + [2], "ab" * 2, 3 * "x")
d = {"b": 2, "a": 1}
d["c"] = 3
print(d, list(d.keys()), list(d.values()), list(d.items()), d.get("z"), d.get("z", 0), "a" in d, len(d))
print(d.pop("a"), d.setdefault("e", 5), d, {**d, "f": 6}, dict(a=1, b=2), dict([("x", 1)]), {k: v * 2 for k, v in d.items()})
d.update({"g": 7}, h=8)
del d["b"]
print(d, dict.fromkeys(["p", "q"], 0), {1: "a", True: "b"}, {(1, 2): "tuple key"}[(1, 2)])
t = (1, 2, 3)
a, b, c = t
first, *rest = [1, 2, 3, 4]
*init, last = "abc"
p, (q, r) = 1, (2, 3)
print(a, b, c, first, rest, init, last, p, q, r, t.index(2), t.count(1), (1,), (), tuple([1, 2]), list("ab"))
st = {3, 1, 2}
st.add(4)
st.discard(1)
print(sorted(st), 2 in st, sorted(st | {9}), sorted(st & {2, 3}), sorted(st - {2}), len(set([1, 1, 2])), set(), frozenset())
print(list(range(5)), list(range(2, 10, 3)), list(range(5, 0, -2)), range(3), len(range(0, 10, 3)), 4 in range(0, 10, 2))
print(list(enumerate("ab", 1)), list(zip([1, 2, 3], "ab")), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))
print(list(reversed([1, 2, 3])), any([0, 1]), all([1, 0]), all([]), isinstance(1, int), isinstance(True, int), isinstance(1, float))
print(isinstance(1.0, (int, float)), isinstance("s", str), isinstance([], list), isinstance({}, dict), isinstance((), tuple), type(1) is int)
print(type(1).__name__, type("s").__name__, type([]).__name__, type(None).__name__, type(1.5) == float, callable(len), callable(1))
print(hex(255), oct(8), bin(5), chr(65), ord("a"), hash(1) == hash(1), bool(""), bool("x"), str(b"x"[0]) if False else "ok")
print(list(map(lambda a, b: a + b, [1, 2], [10, 20])), sorted(["b", "A", "c"], key=str.lower), "x".join("abc"))
m = [[1, 2], [3, 4]]
m[0][1] = 9
print(m, [row[0] for row in m], [v for row in m for v in row if v > 1], {v % 2 for v in [1, 3]}, 1_000_000)
