package io.github.torchscript4j.runtime.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a pickle of protocol 2 opcode by opcode, in the forms TorchScript's own pickler uses
 * (PyTorch 1.13's {@code torch/csrc/jit/serialization/pickler}): ints as {@code BININT1}, {@code
 * BININT2}, {@code BININT} or an 8-byte {@code LONG1}; floats as {@code BINFLOAT}; text as {@code
 * BINUNICODE}, memoized by value so that a repeated string is a {@code BINGET}; globals memoized by
 * name. The caller composes values from these, and closes with {@link #finish()}.
 */
public final class Pickler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> strings = new HashMap<>();
    private final Map<String, Integer> globals = new HashMap<>();
    private int nextMemo;

    /** Starts a pickle: {@code PROTO 2}. */
    public Pickler() {
        out.write(0x80);
        out.write(2);
    }

    public Pickler op(int opcode) {
        out.write(opcode);
        return this;
    }

    public Pickler mark() {
        return op('(');
    }

    public Pickler none() {
        return op('N');
    }

    public Pickler bool(boolean b) {
        return op(b ? 0x88 : 0x89);
    }

    public Pickler integer(long n) {
        if (n >= 0 && n <= 0xff) {
            op('K').out.write((int) n);
        } else if (n >= 0 && n <= 0xffff) {
            op('M').out.write((int) n & 0xff);
            out.write((int) (n >>> 8));
        } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            op('J');
            le((int) n);
        } else {
            op(0x8a).out.write(8);
            for (int i = 0; i < 8; i++) {
                out.write((int) (n >>> (8 * i)) & 0xff);
            }
        }
        return this;
    }

    public Pickler floating(double d) {
        op('G');
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (bits >>> (8 * i)) & 0xff);
        }
        return this;
    }

    /** A string: its first occurrence written and memoized, later ones fetched from the memo. */
    public Pickler string(String s) {
        Integer known = strings.get(s);
        if (known != null) {
            return get(known);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le(utf8.length);
        out.writeBytes(utf8);
        strings.put(s, memoize());
        return this;
    }

    /** {@code GLOBAL module name}: written and memoized the first time, fetched later. */
    public Pickler global(String module, String name) {
        String key = module + "\n" + name;
        Integer known = globals.get(key);
        if (known != null) {
            return get(known);
        }
        op('c');
        out.writeBytes((key + "\n").getBytes(StandardCharsets.UTF_8));
        globals.put(key, memoize());
        return this;
    }

    /** Stores the top of the stack in the memo ({@code BINPUT}); returns its index. */
    public int memoize() {
        int index = nextMemo++;
        if (index <= 0xff) {
            op('q').out.write(index);
        } else {
            op('r');
            le(index);
        }
        return index;
    }

    /** Pushes a memoized value ({@code BINGET}). */
    public Pickler get(int index) {
        if (index <= 0xff) {
            op('h').out.write(index);
        } else {
            op('j');
            le(index);
        }
        return this;
    }

    /** Ends the pickle ({@code STOP}) and returns its bytes. */
    public byte[] finish() {
        out.write('.');
        return out.toByteArray();
    }

    private void le(int n) {
        for (int i = 0; i < 4; i++) {
            out.write((n >>> (8 * i)) & 0xff);
        }
    }
}
