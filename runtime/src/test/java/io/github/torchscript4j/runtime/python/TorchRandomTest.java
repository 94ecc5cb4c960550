package io.github.torchscript4j.runtime.python;

import static io.github.torchscript4j.runtime.python.TorchTestSupport.kw;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.list;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code torch.manual_seed(n)} then the random functions give PyTorch 1.13.1's values, exactly:
 * the golden file {@code python/torch-rng-golden.txt} is recorded by {@code
 * /usr/bin/python3 scripts/record-torch-host-rng}, whose cases this test repeats by name.
 */
class TorchRandomTest {
    private TorchHost host;
    private TorchTestSupport py;

    @BeforeEach
    void setUp() {
        host = new TorchHost();
        py = new TorchTestSupport(host);
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    private Map<String, Object[]> cases() {
        double bound = 1 / Math.sqrt(3);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("rand_5", new Object[] {0L, (Supplier<Object>) () -> py.torch("rand", 5L)});
        cases.put("randn_5", new Object[] {0L, (Supplier<Object>) () -> py.torch("randn", 5L)});
        cases.put("randn_20", new Object[] {1L, (Supplier<Object>) () -> py.torch("randn", 20L)});
        cases.put("uniform_4", new Object[] {2L, (Supplier<Object>) () -> py.method(py.torch("empty", 4L), "uniform_", -1L, 1L)});
        cases.put("normal_6", new Object[] {3L, (Supplier<Object>) () -> py.method(py.torch("empty", 6L), "normal_", 2L, 0.5)});
        cases.put("kaiming_uniform_4x3", new Object[] {4L,
            (Supplier<Object>) () -> py.method(py.torch("empty", 4L, 3L), "uniform_", -bound, bound)});
        cases.put("rand_then_randn", new Object[] {5L, (Supplier<Object>) () -> {
            Object a = py.torch("rand", 3L);
            Object b = py.torch("randn", 3L);
            return py.torch("cat", list(a, b));
        }});
        cases.put("rand_float64_3", new Object[] {6L,
            (Supplier<Object>) () -> py.torchKw("rand", kw("dtype", py.dtype("float64")), 3L)});
        cases.put("linear_3_4", new Object[] {7L, (Supplier<Object>) this::linear});
        return cases;
    }

    /**
     * {@code torch.nn.Linear(3, 4)}'s parameters as its {@code reset_parameters} makes them: {@code
     * kaiming_uniform_(weight, a=math.sqrt(5))} then {@code uniform_(bias, -1/sqrt(fan_in), ...)},
     * both under {@code torch.no_grad()}, with the bounds computed in the same order as PyTorch.
     */
    private Object linear() {
        PyAttributes parameter = (PyAttributes) host.importModule("torch.nn.parameter").orElseThrow()
                .attribute("Parameter").orElseThrow();
        Object weight = TorchTestSupport.call(parameter, py.torch("empty", new io.github.torchscript4j.checker.eval.Tuple(list(4L, 3L))));
        Object bias = TorchTestSupport.call(parameter, py.torch("empty", 4L));
        PyAttributes noGrad = (PyAttributes) py.torch("no_grad");
        TorchTestSupport.call(noGrad.attribute("__enter__").orElseThrow());
        double a = Math.sqrt(5);
        long fanIn = (Long) py.method(weight, "size", 1L);
        double gain = Math.sqrt(2.0 / (1 + Math.pow(a, 2)));
        double std = gain / Math.sqrt(fanIn);
        double bound = Math.sqrt(3.0) * std;
        py.method(weight, "uniform_", -bound, bound);
        double biasBound = 1 / Math.sqrt(fanIn);
        py.method(bias, "uniform_", -biasBound, biasBound);
        TorchTestSupport.call(noGrad.attribute("__exit__").orElseThrow(), null, null, null);
        return py.torch("cat", list(py.method(py.attr(weight, "data"), "reshape", -1L), py.attr(bias, "data")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void seededRandomValuesArePytorchs() throws IOException {
        Map<String, double[]> golden = golden();
        Map<String, Object[]> cases = cases();
        assertEquals(golden.keySet(), cases.keySet(), "the script's cases and the test's");
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            py.torch("manual_seed", c.getValue()[0]);
            double[] got = values(((Supplier<Object>) c.getValue()[1]).get());
            assertArrayEquals(golden.get(c.getKey()), got, c.getKey() + ": " + Arrays.toString(got));
        }
    }

    @Test
    void theSameSeedGivesTheSameValuesAgain() {
        py.torch("manual_seed", 42L);
        double[] first = values(py.torch("randn", 3L, 3L));
        py.torch("manual_seed", 42L);
        assertArrayEquals(first, values(py.torch("randn", 3L, 3L)));
    }

    private static Map<String, double[]> golden() throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (InputStream in = TorchRandomTest.class.getResourceAsStream("/python/torch-rng-golden.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t");
                out.put(parts[0], Arrays.stream(parts[1].split(" ")).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return out;
    }
}
