package io.github.torchscript4j.runtime.python;

import static io.github.torchscript4j.runtime.python.TorchTestSupport.call;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.kw;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.list;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code torch.nn.parameter.Parameter}, grad mode, {@code torch.jit} and {@code torch._jit_internal}. */
class TorchModulesTest {
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

    private PyAttributes module(String name) {
        return host.importModule(name).orElseThrow();
    }

    @Test
    void theHostsModules() {
        for (String name : new String[] {"torch", "torch._C", "torch._C._nn", "torch.jit", "torch._jit_internal", "torch.nn.parameter"}) {
            assertTrue(host.importModule(name).isPresent(), name);
            assertTrue(host.isForeign(module(name)));
            assertEquals(name, module(name).attribute("__name__").orElseThrow());
        }
        assertTrue(host.importModule("torch.nn").isEmpty(), "torch.nn is the bundled library's");
        assertSame(module("torch.jit"), module("torch").attribute("jit").orElseThrow());
        assertSame(module("torch._C._nn"), module("torch._C").attribute("_nn").orElseThrow());
        Object nn = new Object();
        module("torch").setAttribute("nn", nn);
        assertSame(nn, module("torch").attribute("nn").orElseThrow(), "the interpreter binds imported submodules");
        assertEquals(Math.PI, module("torch").attribute("pi").orElseThrow());
    }

    @Test
    void parametersAreTensorsTheHostRemembers() {
        PyAttributes parameter = (PyAttributes) module("torch.nn.parameter").attribute("Parameter").orElseThrow();
        PyAttributes tensorClass = (PyAttributes) module("torch").attribute("Tensor").orElseThrow();
        Object data = py.torch("zeros", 2L, 3L);
        Object p = call(parameter, data);
        assertNotSame(data, p);
        assertTrue(host.isInstance(p, parameter));
        assertTrue(host.isInstance(p, tensorClass));
        assertFalse(host.isInstance(data, parameter));
        assertEquals(true, py.attr(p, "requires_grad"));
        assertEquals("Parameter", host.typeName(p));
        py.method(py.attr(p, "data"), "fill_", 1L);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, values(data), "a parameter shares its data's storage");
        assertEquals("Parameter containing:\ntensor([[1., 1., 1.],\n        [1., 1., 1.]], requires_grad=True)", host.repr(p));
        Object frozen = ((PyCallable) parameter.attribute("__call__").orElseThrow())
                .call(list(data), kw("requires_grad", false));
        assertEquals(false, py.attr(frozen, "requires_grad"));
        Object empty = call(parameter);
        assertEquals(0L, py.method(empty, "numel"));
        PyException e = assertThrows(PyException.class, () -> call(parameter, 3L));
        assertEquals("TypeError", e.type());
        Object result = host.binary("*", p, 2L).orElseThrow();
        assertFalse(host.isInstance(result, parameter), "an operator's result is a plain tensor");
    }

    @Test
    void noGradTurnsOffGradientRecordingInsideItsBlock() {
        Object w = py.torchKw("ones", kw("requires_grad", true), 2L);
        PyAttributes noGrad = (PyAttributes) py.torch("no_grad");
        call(noGrad.attribute("__enter__").orElseThrow());
        Object inside;
        try {
            assertEquals(false, py.torch("is_grad_enabled"));
            inside = host.binary("*", w, 2L).orElseThrow();
            PyAttributes enable = (PyAttributes) py.torch("enable_grad");
            call(enable.attribute("__enter__").orElseThrow());
            assertEquals(true, py.attr(host.binary("*", w, 2L).orElseThrow(), "requires_grad"));
            call(enable.attribute("__exit__").orElseThrow(), null, null, null);
            assertEquals(false, py.torch("is_grad_enabled"));
        } finally {
            assertEquals(false, call(noGrad.attribute("__exit__").orElseThrow(), null, null, null));
        }
        assertEquals(false, py.attr(inside, "requires_grad"));
        assertEquals(true, py.torch("is_grad_enabled"));
        assertEquals(true, py.attr(host.binary("*", w, 2L).orElseThrow(), "requires_grad"));
        PyAttributes off = (PyAttributes) py.torch("set_grad_enabled", false);
        assertEquals(false, py.torch("is_grad_enabled"));
        call(off.attribute("__exit__").orElseThrow(), null, null, null);
        assertEquals(true, py.torch("is_grad_enabled"));
    }

    @Test
    void jitDecoratorsAreIdentities() {
        PyAttributes jit = module("torch.jit");
        Object fn = (PyCallable) (a, k) -> null;
        for (String name : new String[] {"script", "export", "unused", "ignore", "interface"}) {
            assertSame(fn, call(jit.attribute(name).orElseThrow(), fn), name);
        }
        Object decorator = ((PyCallable) jit.attribute("ignore").orElseThrow()).call(list(), kw("drop", true));
        assertSame(fn, call(decorator, fn));
        assertEquals(3L, call(jit.attribute("annotate").orElseThrow(), new Object(), 3L));
        assertEquals(4L, call(jit.attribute("Attribute").orElseThrow(), 4L, new Object()));
        assertEquals(false, call(jit.attribute("is_scripting").orElseThrow()));
        Object finalType = jit.attribute("Final").orElseThrow();
        assertSame(finalType, host.getItem(finalType, 1L));
        PyAttributes internal = module("torch._jit_internal");
        Object b2 = internal.attribute("BroadcastingList2").orElseThrow();
        assertSame(b2, host.getItem(b2, new Object()));
        // trace(func, example_inputs) at import (a decorator) gives the function, which stays Python
        assertSame(fn, call(jit.attribute("trace").orElseThrow(), fn, new Tuple(List.of())));
        assertSame(fn, ((PyCallable) jit.attribute("trace_module").orElseThrow()).call(list(), kw("mod", fn)));
    }

    @Test
    void manualSeedIsACallOfTorch() {
        Object r = module("torch").attribute("manual_seed").orElseThrow();
        assertEquals(null, ((PyCallable) r).call(list(7L), Map.of()));
        assertEquals("TypeError", assertThrows(PyException.class, () -> call(r, "seven")).type());
    }
}
