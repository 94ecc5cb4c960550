package io.github.torchscript4j.runtime.archive;

import io.github.torchscript4j.checker.eval.Tuple;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted reader of Python pickles, protocols 2 to 5 (the binary opcodes; the text opcodes of
 * protocol 0 and 1 are refused): it runs the pickle machine — stack, marks, memo — and leaves every
 * meaning to a {@link Policy}, which is asked for each {@code GLOBAL}, {@code REDUCE}, {@code
 * NEWOBJ}, {@code BUILD} and persistent id. A policy names the few globals it understands and
 * refuses the rest, so loading a pickle can never run code or load a class.
 *
 * <p>Values: {@code None} is {@code null}, ints are {@link Long} (a larger {@code LONG1} is
 * refused), floats {@link Double}, bools {@link Boolean}, text {@link String}, bytes {@code byte[]},
 * lists {@link ArrayList}, dicts {@link LinkedHashMap}, tuples {@link Tuple}; anything else is what
 * the policy made.
 *
 * <p>Errors are {@link ArchiveException}s naming the source and the byte offset of the opcode.
 */
public final class Unpickler {
    /** What the globals, calls and persistent ids of a pickle mean. Each method may refuse by throwing. */
    public interface Policy {
        /** The object that {@code GLOBAL module name} pushes. */
        Object global(String module, String name);

        /** The result of {@code REDUCE}: {@code callable(*args)}. */
        Object reduce(Object callable, Tuple args);

        /** The result of {@code NEWOBJ}: {@code cls.__new__(cls, *args)}. */
        default Object newObject(Object cls, Tuple args) {
            throw new IllegalArgumentException("cannot create an object of " + cls);
        }

        /** {@code BUILD}: sets the state of {@code target}; returns the object that replaces it on the stack. */
        default Object build(Object target, Object state) {
            throw new IllegalArgumentException("cannot set the state of " + describe(target));
        }

        /** The object a persistent id stands for ({@code BINPERSID}). */
        default Object persistentLoad(Object pid) {
            throw new IllegalArgumentException("persistent ids are not allowed here");
        }
    }

    /** The {@code MARK} object on the stack. */
    private static final Object MARK = new Object();

    private final String source;
    private final byte[] data;
    private final Policy policy;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos;
    private int opStart;

    private Unpickler(String source, byte[] data, Policy policy) {
        this.source = source;
        this.data = data;
        this.policy = policy;
    }

    /**
     * Reads the pickle in {@code data}.
     *
     * @param source how messages name it ({@code model.pt: archive/data.pkl})
     * @throws ArchiveException if the pickle is malformed, truncated, uses an opcode this reader
     *     does not support, or the policy refuses something it asks for
     */
    public static Object load(String source, byte[] data, Policy policy) {
        return new Unpickler(source, data, policy).run();
    }

    private Object run() {
        while (true) {
            opStart = pos;
            int op = u8();
            try {
                if (op == '.') {
                    Object result = pop();
                    if (!stack.isEmpty() || !marks.isEmpty()) {
                        throw fail("the stack is not empty at STOP");
                    }
                    return result;
                }
                step(op);
            } catch (ArchiveException e) {
                throw e;
            } catch (IllegalArgumentException | ClassCastException | IllegalStateException e) {
                throw fail(e.getMessage());
            }
        }
    }

    private void step(int op) {
        switch (op) {
            case 0x80 -> { // PROTO
                int proto = u8();
                if (proto < 2 || proto > 5) {
                    throw fail("unsupported pickle protocol " + proto);
                }
            }
            case 0x95 -> length64(); // FRAME: its length is advisory
            case '(' -> marks.add(stack.size());
            case ')' -> push(new Tuple(List.of()));
            case 't' -> push(new Tuple(popMark()));
            case 0x85 -> push(Tuple.of(pop()));
            case 0x86 -> {
                Object b = pop();
                push(Tuple.of(pop(), b));
            }
            case 0x87 -> {
                Object c = pop();
                Object b = pop();
                push(Tuple.of(pop(), b, c));
            }
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(new ArrayList<>(popMark()));
            case 'a' -> {
                Object item = pop();
                list(top()).add(item);
            }
            case 'e' -> {
                List<Object> items = popMark();
                list(top()).addAll(items);
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> push(dictOf(popMark()));
            case 's' -> {
                Object value = pop();
                Object key = pop();
                put(top(), key, value);
            }
            case 'u' -> {
                List<Object> items = popMark();
                Object target = top();
                if (items.size() % 2 != 0) {
                    throw fail("SETITEMS with an odd number of items");
                }
                for (int i = 0; i < items.size(); i += 2) {
                    put(target, items.get(i), items.get(i + 1));
                }
            }
            case 'N' -> push(null);
            case 0x88 -> push(true);
            case 0x89 -> push(false);
            case 'K' -> push((long) u8());
            case 'M' -> push((long) (u8() | u8() << 8));
            case 'J' -> push((long) i32());
            case 0x8a -> push(long1(u8()));
            case 0x8b -> throw fail("LONG4 integers are not supported");
            case 'G' -> {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = bits << 8 | u8();
                }
                push(Double.longBitsToDouble(bits));
            }
            case 'X' -> push(utf8(length32()));
            case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
            case 0x8d -> push(utf8(length64())); // BINUNICODE8
            case 'T' -> push(latin1(length32())); // BINSTRING (Python 2 str)
            case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
            case 'B' -> push(bytes(length32())); // BINBYTES
            case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
            case 0x8e -> push(bytes(length64())); // BINBYTES8
            case 'c' -> {
                String module = line();
                String name = line();
                push(policy.global(module, name));
            }
            case 0x93 -> { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw fail("STACK_GLOBAL needs two strings");
                }
                push(policy.global(m, n));
            }
            case 'R' -> {
                Object args = pop();
                Object callable = pop();
                push(policy.reduce(callable, tuple(args, "REDUCE")));
            }
            case 0x81 -> { // NEWOBJ
                Object args = pop();
                Object cls = pop();
                push(policy.newObject(cls, tuple(args, "NEWOBJ")));
            }
            case 'b' -> {
                Object state = pop();
                Object target = pop();
                push(policy.build(target, state));
            }
            case 'Q' -> push(policy.persistentLoad(pop()));
            case 'q' -> memo.put((long) u8(), top());
            case 'r' -> memo.put((long) i32() & 0xffffffffL, top());
            case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
            case 'h' -> push(memoGet(u8()));
            case 'j' -> push(memoGet(i32() & 0xffffffffL));
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(top());
            default -> throw fail(String.format("unsupported pickle opcode 0x%02x", op)
                    + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
        }
    }

    private static Tuple tuple(Object args, String op) {
        if (!(args instanceof Tuple t)) {
            throw new IllegalArgumentException(op + " needs a tuple of arguments, got " + describe(args));
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object target) {
        if (!(target instanceof List<?> l)) {
            throw new IllegalArgumentException("cannot append to " + describe(target));
        }
        return (List<Object>) l;
    }

    @SuppressWarnings("unchecked")
    private static void put(Object target, Object key, Object value) {
        if (!(target instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("cannot set an item of " + describe(target));
        }
        if (key instanceof List<?> || key instanceof Map<?, ?>) {
            throw new IllegalArgumentException("unhashable dict key " + describe(key));
        }
        ((Map<Object, Object>) m).put(key, value);
    }

    private static Map<Object, Object> dictOf(List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new IllegalArgumentException("DICT with an odd number of items");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            put(m, items.get(i), items.get(i + 1));
        }
        return m;
    }

    /** A short description of a pickled value for messages. */
    public static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return "the " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
        }
        if (value instanceof Tuple t) {
            return "a tuple of " + t.size();
        }
        if (value instanceof List<?> l) {
            return "a list of " + l.size();
        }
        if (value instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        if (value instanceof byte[] b) {
            return "bytes of length " + b.length;
        }
        return value.toString();
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw fail("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
            throw fail("the stack is empty");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
            throw fail("the stack is empty");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("no MARK on the stack");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int u8() {
        if (pos >= data.length) {
            throw fail("truncated: the pickle ends without STOP");
        }
        return data[pos++] & 0xff;
    }

    private int i32() {
        return u8() | u8() << 8 | u8() << 16 | u8() << 24;
    }

    private int length32() {
        long n = i32() & 0xffffffffL;
        return checkLength(n);
    }

    private int length64() {
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n |= (long) u8() << (8 * i);
        }
        return checkLength(n);
    }

    private int checkLength(long n) {
        if (n < 0 || n > data.length - pos) {
            throw fail("truncated: a length of " + n + " runs past the end of the pickle");
        }
        return (int) n;
    }

    private Long long1(int n) {
        checkLength(n);
        if (n == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[n];
        for (int i = 0; i < n; i++) {
            bigEndian[n - 1 - i] = data[pos + i];
        }
        pos += n;
        BigInteger value = new BigInteger(bigEndian);
        if (value.bitLength() > 63) {
            throw fail("the integer " + value + " does not fit in 64 bits");
        }
        return value.longValue();
    }

    private String utf8(int n) {
        checkLength(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw fail("a string is not valid UTF-8");
        }
    }

    private String latin1(int n) {
        checkLength(n);
        String s = new String(data, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    private byte[] bytes(int n) {
        checkLength(n);
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    /** A newline-terminated ASCII line, as {@code GLOBAL} writes module and name. */
    private String line() {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            if (pos - start > 1000) {
                throw fail("a GLOBAL name longer than 1000 bytes");
            }
            pos++;
        }
        if (pos >= data.length) {
            throw fail("truncated: the pickle ends inside a GLOBAL");
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private ArchiveException fail(String message) {
        return new ArchiveException(source + " (pickle byte " + opStart + "): " + message);
    }
}
