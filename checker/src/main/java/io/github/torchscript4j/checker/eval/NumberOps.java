package io.github.torchscript4j.checker.eval;

import static io.github.torchscript4j.checker.eval.ScalarOps.b;
import static io.github.torchscript4j.checker.eval.ScalarOps.f;
import static io.github.torchscript4j.checker.eval.ScalarOps.i;
import static io.github.torchscript4j.checker.eval.ScalarOps.list;
import static io.github.torchscript4j.checker.eval.ScalarOps.s;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** The operators on ints, floats and bools: arithmetic, comparisons, bit operations, math functions, conversions. */
final class NumberOps {
    private NumberOps() {}

    static void register(ScalarOps.Registry r) {
        r.binaryLong("aten::add", "aten::add", Long::sum, Double::sum);
        r.binaryLong("aten::sub", "aten::sub", (a, b) -> a - b, (a, b) -> a - b);
        r.binaryLong("aten::mul", "aten::mul", (a, b) -> a * b, (a, b) -> a * b);
        r.binary("aten::div", "aten::div", null, (a, b) -> a / b);
        r.binaryLong("aten::floordiv", "aten::floordiv", NumberOps::floorDiv, NumberOps::floorDiv);
        r.binaryLong("aten::remainder", "aten::remainder", NumberOps::floorMod, NumberOps::floorMod);
        r.binary("aten::fmod", "aten::fmod", null, (a, b) -> a % b);
        r.binary("aten::mathremainder", "aten::mathremainder", null, Math::IEEEremainder);
        r.binary("aten::pow", "aten::pow.Scalar_Scalar", null, NumberOps::pow);
        r.one("aten::pow.int_to_int", args -> powInt(i(args.get(0)), i(args.get(1))));
        r.binary("aten::atan2", "aten::atan2.Scalar_Scalar", null, Math::atan2);
        r.binary("aten::copysign", "aten::copysign", null, Math::copySign);
        r.binary("aten::log", "aten::log.Scalar_Scalar", null, (a, b) -> Math.log(a) / Math.log(b));
        r.ops.put("aten::log.int_int", r.ops.remove("aten::log.int"));
        r.ops.put("aten::log.float_float", r.ops.remove("aten::log.float"));
        r.binaryLong("prim::min", "prim::min", Math::min, (a, b) -> a < b ? a : b);
        r.binaryLong("prim::max", "prim::max", Math::max, (a, b) -> a > b ? a : b);
        for (String type : new String[] {"int", "float", "int_float", "float_int"}) {
            r.add("aten::divmod." + type, args -> divmod(args.get(0), args.get(1)));
        }
        comparisons(r);
        bits(r);
        unary(r);
        conversions(r);
    }

    static long floorDiv(long a, long b) {
        if (b == 0) {
            throw ScriptError.runtime("division by 0");
        }
        return Math.floorDiv(a, b);
    }

    static double floorDiv(double a, double b) {
        return Math.floor(a / b);
    }

    static long floorMod(long a, long b) {
        if (b == 0) {
            // the reference dies of SIGFPE here
            throw ScriptError.runtime("ZeroDivisionError: integer modulo by zero");
        }
        return Math.floorMod(a, b);
    }

    /** Python's float {@code %}: the sign of the divisor, a zero result signed like the divisor. */
    static double floorMod(double a, double b) {
        double mod = a % b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
        } else {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }

    static double pow(double a, double b) {
        if (a == 0 && b < 0) {
            throw ScriptError.runtime("0.0 cannot be raised to a negative power");
        }
        return Math.pow(a, b);
    }

    static long powInt(long base, long exponent) {
        if (exponent < 0) {
            throw ScriptError.runtime("Integers to negative integer powers are not allowed.");
        }
        long result = 1;
        for (long e = exponent, b = base; e > 0; e >>= 1, b *= b) {
            if ((e & 1) != 0) {
                result *= b;
            }
        }
        return result;
    }

    private static List<Object> divmod(Object x, Object y) {
        if (x instanceof Long && y instanceof Long) {
            long a = (Long) x;
            long b = (Long) y;
            if (b == 0) {
                throw ScriptError.runtime("ZeroDivisionError: integer division or modulo by zero");
            }
            return Arrays.asList(Math.floorDiv(a, b), Math.floorMod(a, b));
        }
        double a = f(x);
        double b = f(y);
        if (b == 0) {
            throw ScriptError.runtime("ZeroDivisionError: float divmod()");
        }
        if (x instanceof Double && y instanceof Long && Double.isNaN(a)) {
            // the float_int overload goes through an int conversion of nan
            throw ScriptError.runtime("Cannot convert float nan to integer");
        }
        // C's fmod, moved to the divisor's sign; a zero keeps fmod's sign (unlike Python's)
        double mod = a % b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            mod += b;
        }
        return Arrays.asList((a - mod) / b, mod);
    }

    private static void comparisons(ScalarOps.Registry r) {
        String[] names = {"eq", "ne", "lt", "le", "gt", "ge"};
        for (String name : names) {
            java.util.function.IntPredicate verdict = verdict(name);
            for (String type : new String[] {"int", "float", "int_float", "float_int"}) {
                r.one("aten::" + name + "." + type, args -> verdict.test(compare(args.get(0), args.get(1))));
            }
            r.one("aten::" + name, args -> verdict.test(compare(args.get(0), args.get(1))));
            r.one("aten::" + name + ".str", args -> verdict.test(Integer.signum(Values.compareStrings(s(args.get(0)), s(args.get(1))))));
        }
        for (String name : new String[] {"eq", "ne"}) {
            boolean want = name.equals("eq");
            r.one("aten::" + name + ".bool", args -> args.get(0).equals(args.get(1)) == want);
            r.one("aten::" + name + ".device", args -> args.get(0).equals(args.get(1)) == want);
            for (String type : new String[] {"int_list", "float_list", "bool_list", "str_list"}) {
                r.one("aten::" + name + "." + type, args -> Values.equal(args.get(0), args.get(1)) == want);
            }
        }
    }

    /** -1, 0 or 1 for ordered numbers, 2 when unordered (a nan). */
    private static int compare(Object a, Object b) {
        if (a instanceof Long && b instanceof Long) {
            return Long.compare((Long) a, (Long) b);
        }
        if (a instanceof Long || b instanceof Long) {
            // an int and a float: compared as C++ does, the int converted to double
            double x = f(a);
            double y = f(b);
            return Double.isNaN(x) || Double.isNaN(y) ? 2 : x < y ? -1 : x > y ? 1 : 0;
        }
        double x = f(a);
        double y = f(b);
        return Double.isNaN(x) || Double.isNaN(y) ? 2 : x < y ? -1 : x > y ? 1 : 0;
    }

    private static java.util.function.IntPredicate verdict(String name) {
        switch (name) {
            case "eq":
                return c -> c == 0;
            case "ne":
                return c -> c != 0;
            case "lt":
                return c -> c == -1;
            case "le":
                return c -> c == -1 || c == 0;
            case "gt":
                return c -> c == 1;
            case "ge":
                return c -> c == 1 || c == 0;
            default:
                throw new AssertionError(name);
        }
    }

    private static void bits(ScalarOps.Registry r) {
        r.one("aten::__and__.int", args -> i(args.get(0)) & i(args.get(1)));
        r.one("aten::__or__.int", args -> i(args.get(0)) | i(args.get(1)));
        r.one("aten::__xor__.int", args -> i(args.get(0)) ^ i(args.get(1)));
        r.one("aten::__and__.bool", args -> b(args.get(0)) & b(args.get(1)));
        r.one("aten::__or__.bool", args -> b(args.get(0)) | b(args.get(1)));
        r.one("aten::__xor__.bool", args -> b(args.get(0)) ^ b(args.get(1)));
        r.one("aten::__lshift__.int", args -> i(args.get(0)) << i(args.get(1)));
        r.one("aten::__rshift__.int", args -> i(args.get(0)) >> i(args.get(1)));
        r.one("aten::__not__", args -> !b(args.get(0)));
        r.one("aten::__round_to_zero_floordiv.int", args -> {
            long b = i(args.get(1));
            if (b == 0) {
                throw ScriptError.runtime("ZeroDivisionError: integer division by zero");
            }
            return i(args.get(0)) / b;
        });
        r.one("aten::__range_length", args -> {
            long lo = i(args.get(0));
            long hi = i(args.get(1));
            long step = i(args.get(2));
            if (step == 0) {
                throw ScriptError.runtime("range() arg 3 must not be zero");
            }
            if (step > 0 && lo < hi) {
                return 1 + (hi - 1 - lo) / step;
            }
            if (step < 0 && lo > hi) {
                return 1 + (lo - 1 - hi) / (-step);
            }
            return 0L;
        });
        r.one("aten::__derive_index", args -> i(args.get(1)) + i(args.get(0)) * i(args.get(2)));
    }

    private static void unary(ScalarOps.Registry r) {
        r.one("aten::neg.int", args -> -i(args.get(0)));
        r.one("aten::neg.float", args -> -f(args.get(0)));
        r.one("aten::neg.Scalar", args -> args.get(0) instanceof Long ? (Object) (-i(args.get(0))) : (Object) (-f(args.get(0))));
        r.one("prim::abs.int", args -> Math.abs(i(args.get(0))));
        r.one("prim::abs.float", args -> Math.abs(f(args.get(0))));
        r.one("prim::abs.Scalar", args -> args.get(0) instanceof Long ? (Object) Math.abs(i(args.get(0))) : (Object) Math.abs(f(args.get(0))));
        r.one("aten::floor.int", args -> i(args.get(0)));
        r.one("aten::ceil.int", args -> i(args.get(0)));
        r.one("aten::floor.float", args -> checkedLong(Math.floor(f(args.get(0)))));
        r.one("aten::ceil.float", args -> checkedLong(Math.ceil(f(args.get(0)))));
        r.one("aten::floor.Scalar", args -> args.get(0) instanceof Long ? args.get(0) : (Object) checkedLong(Math.floor(f(args.get(0)))));
        r.one("aten::ceil.Scalar", args -> args.get(0) instanceof Long ? args.get(0) : (Object) checkedLong(Math.ceil(f(args.get(0)))));
        DoubleUnaryOperator round = Math::rint;
        r.unaryFloat("aten::round", round);
        r.unaryFloat("aten::sqrt", Math::sqrt);
        r.unaryFloat("aten::exp", Math::exp);
        r.unaryFloat("aten::log", Math::log);
        r.unaryFloat("aten::log10", Math::log10);
        r.unaryFloat("aten::log1p", Math::log1p);
        r.unaryFloat("aten::expm1", Math::expm1);
        r.unaryFloat("aten::sin", Math::sin);
        r.unaryFloat("aten::cos", Math::cos);
        r.unaryFloat("aten::tan", Math::tan);
        r.unaryFloat("aten::asin", Math::asin);
        r.unaryFloat("aten::acos", Math::acos);
        r.unaryFloat("aten::atan", Math::atan);
        r.unaryFloat("aten::sinh", Math::sinh);
        r.unaryFloat("aten::cosh", Math::cosh);
        r.unaryFloat("aten::tanh", Math::tanh);
        r.unaryFloat("aten::asinh", x -> Double.isInfinite(x) ? x : Math.log(x + Math.sqrt(x * x + 1)));
        r.unaryFloat("aten::acosh", x -> Math.log(x + Math.sqrt(x * x - 1)));
        r.unaryFloat("aten::atanh", x -> 0.5 * Math.log1p(2 * x / (1 - x)));
        r.unaryFloat("aten::fabs", Math::abs);
        r.unaryFloat("aten::degrees", Math::toDegrees);
        r.unaryFloat("aten::radians", Math::toRadians);
        r.unaryFloat("aten::angle", x -> x < 0 ? Math.PI : 0.0);
        r.one("aten::isnan.float", args -> Double.isNaN(f(args.get(0))));
        r.one("aten::isinf.float", args -> Double.isInfinite(f(args.get(0))));
        r.one("aten::isfinite.float", args -> Double.isFinite(f(args.get(0))));
        r.one("aten::factorial.int", args -> {
            long n = i(args.get(0));
            if (n < 0) {
                throw ScriptError.runtime("factorial() not defined for negative values");
            }
            long result = 1;
            for (long k = 2; k <= n; k++) {
                result *= k;
            }
            return result;
        });
        r.one("aten::gcd.int", args -> {
            long a = i(args.get(0));
            long b = i(args.get(1));
            while (b != 0) {
                long t = a % b;
                a = b;
                b = t;
            }
            return Math.abs(a);
        });
        r.add("aten::modf", args -> {
            double x = f(args.get(0));
            double whole = x < 0 ? Math.ceil(x) : Math.floor(x);
            double fraction = Double.isInfinite(x) ? Math.copySign(0.0, x) : x - whole;
            return Arrays.asList(Math.copySign(fraction, x), whole);
        });
        r.add("aten::frexp", args -> {
            double x = f(args.get(0));
            if (x == 0 || !Double.isFinite(x)) {
                return Arrays.asList(x, 0L);
            }
            int exponent = Math.getExponent(x) + 1;
            double mantissa = x / Math.scalb(1.0, exponent);
            if (Math.abs(mantissa) < 0.5) {
                // subnormal input
                long bits = Double.doubleToRawLongBits(x);
                int shift = Long.numberOfLeadingZeros(bits & 0x000fffffffffffffL) - 11;
                exponent = -1021 - shift;
                mantissa = x / Math.scalb(1.0, exponent);
            }
            return Arrays.asList(mantissa, (long) exponent);
        });
        r.one("aten::ldexp", args -> f(args.get(0)) * Math.pow(2, i(args.get(1))));
    }

    /** An integral double as an int64, or the reference's error when it is none. */
    static long checkedLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            String shown = Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf")
                    : new java.math.BigDecimal(d).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
            throw ScriptError.runtime("Cannot convert float " + shown + " to integer");
        }
        return (long) d;
    }

    /** A double cut to int64 as C++ does on x86 (out of range and nan give -2^63). */
    static long toLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    private static void conversions(ScalarOps.Registry r) {
        r.one("aten::Bool.int", args -> i(args.get(0)) != 0);
        r.one("aten::Bool.float", args -> f(args.get(0)) != 0);
        r.one("aten::Int.bool", args -> i(args.get(0)));
        r.one("aten::Int.float", args -> toLong(f(args.get(0))));
        r.one("aten::Int.Scalar", args -> args.get(0) instanceof Long ? args.get(0) : (Object) toLong(f(args.get(0))));
        r.one("aten::Int.str", args -> parseInt(s(args.get(0))));
        r.one("aten::Float.bool", args -> f(args.get(0)));
        r.one("aten::Float.int", args -> f(args.get(0)));
        r.one("aten::Float.Scalar", args -> f(args.get(0)));
        r.one("aten::Float.str", args -> parseFloat(s(args.get(0))));
        r.one("aten::bin", args -> radix(i(args.get(0)), 2, "0b"));
        r.one("aten::hex", args -> radix(i(args.get(0)), 16, "0x"));
        r.one("aten::oct", args -> radix(i(args.get(0)), 8, "0o"));
        r.one("prim::rangelist", args -> {
            long n = i(args.get(0));
            if (n < 0) {
                throw ScriptError.runtime("vector::reserve");
            }
            List<Object> out = new ArrayList<>();
            for (long k = 0; k < n; k++) {
                out.add(k);
            }
            return out;
        });
        // the reference adds ints in 32 bits, wrapping, and widens the result (recorded: sum([2**31, 2**31]) is 0)
        r.one("aten::sum.int", args -> {
            int sum = 0;
            for (Object x : list(args.get(0))) {
                sum += (int) i(x);
            }
            return (long) sum;
        });
        r.one("aten::sum.bool", args -> list(args.get(0)).stream().mapToLong(ScalarOps::i).sum());
        r.one("aten::sum.float", args -> {
            double sum = 0;
            for (Object x : list(args.get(0))) {
                sum += f(x);
            }
            return sum;
        });
    }

    private static String radix(long value, int radix, String prefix) {
        String digits = value == Long.MIN_VALUE
                ? new java.math.BigInteger(Long.toString(value)).negate().toString(radix)
                : Long.toString(Math.abs(value), radix);
        return (value < 0 ? "-" : "") + prefix + digits;
    }

    /** {@code int(str)}: C's {@code stoll} over the whole string (leading white space allowed). */
    static long parseInt(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[ \\t\\n\\x0b\\f\\r]*[+-]?[0-9]+").matcher(text);
        if (!m.lookingAt()) {
            throw ScriptError.runtime("stoll");
        }
        long value;
        try {
            value = Long.parseLong(m.group().trim().replaceFirst("^\\+", ""));
        } catch (NumberFormatException e) {
            throw ScriptError.runtime("stoll");
        }
        if (m.end() != text.length()) {
            throw ScriptError.runtime("invalid literal for int() with base 10: '" + text + "'");
        }
        return value;
    }

    private static final java.util.regex.Pattern FLOAT_PREFIX = java.util.regex.Pattern.compile(
            "[ \\t\\n\\x0b\\f\\r]*[+-]?(?i:(infinity|inf|nan(\\([0-9a-z_]*\\))?"
                    + "|0x([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)(p[+-]?[0-9]+)?|([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?))");

    /** {@code float(str)}: C's {@code stod} over the whole string (leading white space allowed). */
    static double parseFloat(String text) {
        java.util.regex.Matcher m = FLOAT_PREFIX.matcher(text);
        if (!m.lookingAt()) {
            throw ScriptError.runtime("stod");
        }
        if (m.end() != text.length()) {
            throw ScriptError.runtime("could not convert string to float: '" + text + "'");
        }
        String t = m.group().trim().toLowerCase(java.util.Locale.ROOT);
        boolean negative = t.startsWith("-");
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        double value;
        if (unsigned.startsWith("inf")) {
            value = Double.POSITIVE_INFINITY;
        } else if (unsigned.startsWith("nan")) {
            value = Double.NaN;
        } else if (unsigned.startsWith("0x")) {
            value = Double.parseDouble("0x" + (unsigned.contains("p") ? unsigned.substring(2) : unsigned.substring(2) + "p0"));
        } else {
            value = Double.parseDouble(unsigned);
        }
        return negative ? -value : value;
    }
}
