package io.github.torchscript4j.checker.eval;

/**
 * A TorchScript {@code complex}: two doubles. Arithmetic follows C++'s {@code std::complex<double>}
 * as libtorch computes it (division by the textbook formula).
 */
public record ComplexValue(double real, double imag) {
    public ComplexValue plus(ComplexValue o) {
        return new ComplexValue(real + o.real, imag + o.imag);
    }

    public ComplexValue minus(ComplexValue o) {
        return new ComplexValue(real - o.real, imag - o.imag);
    }

    public ComplexValue times(ComplexValue o) {
        return new ComplexValue(real * o.real - imag * o.imag, real * o.imag + imag * o.real);
    }

    public ComplexValue dividedBy(ComplexValue o) {
        double d = o.real * o.real + o.imag * o.imag;
        return new ComplexValue((real * o.real + imag * o.imag) / d, (imag * o.real - real * o.imag) / d);
    }

    /** Numeric equality of both parts, as C++'s {@code ==} ({@code 0.0 == -0.0}; NaN is unequal to itself). */
    public boolean equalTo(ComplexValue o) {
        return real == o.real && imag == o.imag;
    }

    /** An int, float or complex operand as a complex number. */
    static ComplexValue of(Object v) {
        if (v instanceof ComplexValue c) {
            return c;
        }
        return new ComplexValue(Values.toDouble(v), 0.0);
    }
}
