package io.github.torchscript4j.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.torchscript4j.runtime.Libtorch;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link StackMemory}: its reads of a stack in memory agree with what libtorch says of the same
 * stack, and on the platform the project is built for (Linux x86-64, libstdc++) the layout is the
 * expected one, so that the fast path is the one taken. Loads libtorch in this JVM.
 */
@Tag("native")
class StackMemoryTest {

    @Test
    void theLayoutIsRecognisedOnLinuxX86() {
        Libtorch.ensureLoaded();
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"));
        assertTrue(StackMemory.AVAILABLE, "the IValue and std::vector layout check failed");
    }

    @Test
    void readsAgreeWithLibtorchOnMixedAndGrowingStacks() {
        Libtorch.ensureLoaded();
        assumeTrue(StackMemory.AVAILABLE);
        try (IValueVector stack = new IValueVector();
                Tensor tensor = torch.ones(3);
                Tensor undefined = new Tensor();
                IValue number = new IValue(7L);
                IValue real = new IValue(2.5);
                IValue held = new IValue(tensor);
                IValue undefinedHeld = new IValue(undefined)) {
            IValue[] kinds = {number, held, real, undefinedHeld, new IValue()};
            for (int size : new int[] {0, 1, 5, 17, 100, 3}) { // past any first capacity, then shrunk
                stack.resize(size);
                for (int i = 0; i < size; i++) {
                    stack.put(i, kinds[i % kinds.length]);
                }
                assertEquals(stack.size(), StackMemory.size(stack));
                for (int i = 0; i < size; i++) {
                    IValue slot = stack.get(i);
                    long address = StackMemory.slot(stack, i);
                    assertEquals(slot.address(), address);
                    assertEquals(slot.isTensor(), StackMemory.tag(address) == StackMemory.TENSOR_TAG, "slot " + i);
                    if (slot.isTensor()) {
                        assertEquals(slot.unsafeToTensorImpl().address(), StackMemory.tensorImpl(address));
                    }
                    assertEquals(slot.address(), new StackMemory.View().at(address).address());
                }
            }
            kinds[4].close();
        }
    }
}
