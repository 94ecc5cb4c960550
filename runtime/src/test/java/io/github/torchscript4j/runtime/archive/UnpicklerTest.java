package io.github.torchscript4j.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.torchscript4j.checker.eval.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pickle machine of {@link Unpickler} and the forms {@link Pickler} writes. The hex pickles
 * were written by CPython 3.11's {@code pickle.dumps(value, protocol=2)} (and {@code protocol=4}
 * where named); no policy is needed for plain values, and any global is the policy's to refuse.
 */
class UnpicklerTest {
    private static final Unpickler.Policy REFUSE_ALL = new Unpickler.Policy() {
        @Override
        public Object global(String module, String name) {
            throw new IllegalArgumentException("global '" + module + "." + name + "' is not allowed");
        }

        @Override
        public Object reduce(Object callable, Tuple args) {
            throw new IllegalArgumentException("no calls");
        }
    };

    private static Object load(String hex) {
        return Unpickler.load("t.pkl", HexFormat.of().parseHex(hex), REFUSE_ALL);
    }

    @Test
    void plainValuesOfProtocolTwo() {
        // pickle.dumps([None, True, 255, 65535, -1, 2**40, 1.5, 'é', (1,), {'a': [2]}], protocol=2)
        Object v = load("80025d7100284e884bff4dffff4affffffff8a06000000000001473ff80000000000005802000000c3a971014b01"
                + "8571027d710358010000006171045d71054b026173652e");
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("a", new ArrayList<>(List.of(2L)));
        assertEquals(Arrays.asList(null, true, 255L, 65535L, -1L, 1L << 40, 1.5, "é", Tuple.of(1L), dict), v);
    }

    @Test
    void protocolFourFramesAndShortStrings() {
        // pickle.dumps(('ab', b'\x00\x01'), protocol=4)
        Object v = load("8004950d000000000000008c02616294430200019486942e");
        assertEquals(2, ((Tuple) v).size());
        assertEquals("ab", ((Tuple) v).get(0));
        assertArrayEquals(new byte[] {0, 1}, (byte[]) ((Tuple) v).get(1));
    }

    @Test
    void aGlobalIsThePolicysToRefuseWithItsOffset() {
        // pickle.dumps(os.system, protocol=2) on Linux
        ArchiveException e = assertThrows(ArchiveException.class, () -> load("800263706f7369780a73797374656d0a71002e"));
        assertEquals("t.pkl (pickle byte 2): global 'posix.system' is not allowed", e.getMessage());
    }

    @Test
    void brokenPicklesAreReportedWhereTheyBreak() {
        assertEquals("t.pkl (pickle byte 3): truncated: the pickle ends without STOP",
                assertThrows(ArchiveException.class, () -> load("80024e")).getMessage());
        assertEquals("t.pkl (pickle byte 2): unsupported pickle opcode 0x49 ('I')",
                assertThrows(ArchiveException.class, () -> load("8002493132330a2e")).getMessage());
        assertEquals("t.pkl (pickle byte 2): memo key 7 was never stored",
                assertThrows(ArchiveException.class, () -> load("800268072e")).getMessage());
        assertEquals("t.pkl (pickle byte 2): the stack is empty",
                assertThrows(ArchiveException.class, () -> load("8002612e")).getMessage());
        assertEquals("t.pkl (pickle byte 4): the stack is not empty at STOP",
                assertThrows(ArchiveException.class, () -> load("80024e4e2e")).getMessage());
        assertEquals("t.pkl (pickle byte 2): truncated: a length of 1000 runs past the end of the pickle",
                assertThrows(ArchiveException.class, () -> load("800258e80300006162")).getMessage());
        assertEquals("t.pkl (pickle byte 0): unsupported pickle protocol 9",
                assertThrows(ArchiveException.class, () -> load("80094e2e")).getMessage());
    }

    @Test
    void whatThePicklerWritesTheUnpicklerReads() {
        Pickler p = new Pickler();
        p.mark().string("x").string("x").integer(300).integer(-70000).integer(1L << 40).floating(-0.25).bool(false).none()
                .op('t');
        byte[] bytes = p.finish();
        Object v = Unpickler.load("ours", bytes, REFUSE_ALL);
        assertEquals(Tuple.of("x", "x", 300L, -70000L, 1L << 40, -0.25, false, null), v);
        // the second "x" is a BINGET of the first, as TorchScript's pickler memoizes strings
        assertArrayEquals(HexFormat.of().parseHex("800228580100000078710068004d2c014a90eefeff8a08000000000001000047bfd000000000000089"
                + "4e742e"), bytes);
    }
}
