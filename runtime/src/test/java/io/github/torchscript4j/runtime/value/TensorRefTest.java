package io.github.torchscript4j.runtime.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.runtime.Libtorch;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorRef}'s handles: a tensor taken from an IValue, its {@code at::Tensor} and {@code
 * IValue} handles made on demand, and every handle let go when the last owner releases it. The
 * native side is watched through a probe handle's {@code use_count}. Loads libtorch in this JVM.
 */
@Tag("native")
class TensorRefTest {

    @BeforeAll
    static void load() {
        Libtorch.ensureLoaded();
    }

    @Test
    void aTensorTakenFromAnIValueLeavesItNoneAndIsFreedByItsLastOwner() {
        try (Tensor probe = torch.ones(4); IValue holder = new IValue(probe)) {
            assertEquals(2, probe.use_count());
            TensorRef ref = TensorRef.takenFrom(holder);
            assertTrue(holder.isNone(), "the tensor moved out of the holder");
            assertEquals(2, probe.use_count(), "moved, not counted once more");
            assertEquals(probe.unsafeGetTensorImpl().address(), ref.implAddress());
            Tensor handle = ref.tensor(); // made on first use, kept
            assertSame(handle, ref.tensor());
            assertEquals(probe.unsafeGetTensorImpl().address(), handle.unsafeGetTensorImpl().address());
            assertSame(ref.ivalue(), ref.ivalue());
            long counted = probe.use_count();
            ref.retain();
            ref.release();
            assertEquals(counted, probe.use_count());
            ref.release();
            assertTrue(ref.isFreed());
            assertEquals(1, probe.use_count(), "both of the TensorRef's handles are gone");
            assertThrows(IllegalStateException.class, ref::tensor);
            assertThrows(IllegalStateException.class, ref::ivalue);
        }
    }

    @Test
    void aTensorRefMadeFromATensorGetsItsIValueOnDemand() {
        try (Tensor probe = torch.zeros(2)) {
            TensorRef ref = new TensorRef(probe);
            assertEquals(2, probe.use_count());
            IValue value = ref.ivalue();
            assertTrue(value.isTensor());
            assertEquals(3, probe.use_count());
            assertEquals(probe.unsafeGetTensorImpl().address(), value.unsafeToTensorImpl().address());
            assertEquals(probe.unsafeGetTensorImpl().address(), ref.implAddress());
            ref.close();
            assertEquals(1, probe.use_count());
        }
    }

    @Test
    void undefinedTensorsAndOtherValuesAreRefused() {
        try (Tensor undefined = new Tensor(); IValue undefinedHeld = new IValue(undefined); IValue number = new IValue(3L)) {
            assertFalse(TensorRef.isDefinedTensor(undefinedHeld));
            assertFalse(TensorRef.isDefinedTensor(number));
            assertThrows(IllegalArgumentException.class, () -> TensorRef.takenFrom(undefinedHeld));
            assertThrows(IllegalArgumentException.class, () -> TensorRef.takenFrom(number));
            assertThrows(IllegalArgumentException.class, () -> new TensorRef(undefined));
        }
    }

    @Test
    void pooledIValuesAreEmptiedBeforeTheyAreUsedAgain() {
        try (Tensor first = torch.ones(2); Tensor second = torch.ones(3)) {
            for (int i = 0; i < 200; i++) { // more than a pool holds
                TensorRef a;
                TensorRef b;
                try (IValue h1 = new IValue(first); IValue h2 = new IValue(second)) {
                    a = TensorRef.takenFrom(h1);
                    b = TensorRef.takenFrom(h2);
                }
                assertEquals(first.unsafeGetTensorImpl().address(), a.ivalue().unsafeToTensorImpl().address());
                assertEquals(second.unsafeGetTensorImpl().address(), b.ivalue().unsafeToTensorImpl().address());
                a.release();
                assertEquals(1, first.use_count());
                assertEquals(2, second.use_count());
                b.release();
                assertEquals(1, second.use_count());
            }
        }
    }
}
