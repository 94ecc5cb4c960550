# -*- coding: utf-8 -*-
café = "naïve"
π = 3.14159
名前 = "値"
𝕏 = 1
s = "emoji 😀 and \u2028 in a string"
