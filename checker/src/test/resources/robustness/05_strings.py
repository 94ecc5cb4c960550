s = 'single' "double" '''triple
quoted''' """another"""
b = b'bytes' rb'raw\d' Rb"x"
r = r'\n\t' u'unicode'
f = f"{x!r:>{width}} and {y=} {{literal}} {z:%Y-%m-%d}"
n = '\N{GREEK SMALL LETTER ALPHA}\x41\101\u00e9\U0001F600'
j = f'{a}' 'plain' f"{b['k']}"
cont = "line one \
line two"
