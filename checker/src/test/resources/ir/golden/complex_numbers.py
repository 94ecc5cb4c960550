# Complex numbers: imaginary literals and their folding (-2j, 1.5 - 2.25j, 3 * 2j), complex(x, y),
# cmath's functions as operators (phase is angle) and constants (infj, nanj). Entry: complexes
import cmath
import torch


@torch.jit.script
def complexes(a: complex, r: int, i: bool, t: torch.Tensor):
    t[0] = 2.4 + 0.5j
    return (a + (-2j), a * (1.5 - 2.25j), 3 * 2j + r, cmath.nanj, cmath.infj, complex(1, -0.0),
            complex(r, i), a / 2j, cmath.log10(a), cmath.phase(a), cmath.isnan(a), cmath.sqrt(a), cmath.pi)
