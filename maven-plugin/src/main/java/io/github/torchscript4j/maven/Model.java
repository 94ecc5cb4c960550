package io.github.torchscript4j.maven;

import java.util.List;

/**
 * One model declared in the plugin's {@code <configuration>}, as a user writes it by hand:
 *
 * <pre>{@code
 * <models>
 *   <model>
 *     <name>choose</name>                      <!-- names the model in messages and reports -->
 *     <source>models/branchy.py</source>       <!-- under a source directory -->
 *     <entry>choose</entry>                    <!-- a module-level function (or class) of it -->
 *     <mode>trace</mode>                       <!-- script (the default) or trace -->
 *     <inputs>float32[3](-1,1)</inputs>        <!-- the example inputs -->
 *     <checkInputs>                            <!-- torch.jit.trace's check_inputs -->
 *       <checkInput>float32[3]=1</checkInput>
 *       <checkInput>float32[3]=-1</checkInput>
 *     </checkInputs>
 *     <seed>0</seed>                           <!-- default 0 -->
 *     <tolerance>1e-5</tolerance>              <!-- check_tolerance, default 1e-5 -->
 *     <device>cpu</device>                     <!-- cpu (default), cuda or cuda:N -->
 *     <args>{"N": 3, "M": 4}</args>            <!-- package: the class's constructor keyword arguments -->
 *     <weights>weights/net.pt</weights>        <!-- package: a state dict, relative to the project -->
 *     <classifier>net</classifier>             <!-- package: the attached archive's classifier -->
 *   </model>
 * </models>
 * }</pre>
 *
 * <p>The {@code package} goal packages each model whose {@code entry} is an {@code nn.Module} class,
 * compiled (mode {@code script}) or traced on the example inputs and checked on the {@code
 * checkInputs} (mode {@code trace}); {@code trace-check} traces such a class's {@code forward} the
 * same way. {@code Class(**args)} is built after {@code
 * torch.manual_seed(seed)}, its {@code weights} loaded, and the archive verified on the example
 * {@code inputs} within {@code tolerance}.
 *
 * <p>Inputs are written in the shorthand of {@link InputSpec} ({@code float32[1,3,32,32]}, {@code
 * int64[4](0,100)}, {@code float32[3]=-1}; several tensors separated by {@code ;}). {@link
 * ModelDeclarations} checks a declaration and says what is wrong with it, naming the model and the
 * bad value. Maven fills the fields by reflection, from the elements of the same names.
 */
public final class Model {
    /** The model's name: letters, digits, {@code _}, {@code -} and {@code .}; unique among the models. Required. */
    String name;

    /** The {@code .py} file, relative to a source directory ({@code models/net.py}). Required. */
    String source;

    /** The module-level function (or {@code nn.Module} class) of {@code source} that is the model. Required. */
    String entry;

    /** {@code script} (the default: {@code torch.jit.script}) or {@code trace} ({@code torch.jit.trace}). */
    String mode;

    /** The example inputs: tensors in the {@link InputSpec} shorthand, separated by {@code ;}. */
    String inputs;

    /** The inputs each trace is checked on ({@code check_inputs}): one shorthand list per {@code <checkInput>}. */
    List<String> checkInputs;

    /** The seed of the generator that draws the inputs' values (default 0); see {@link InputSpec}. */
    Long seed;

    /**
     * The relative tolerance of the output comparison ({@code check_tolerance} of {@code
     * torch.jit.trace}, default {@code 1e-5}); the absolute tolerance is the reference's for the
     * outputs' dtypes ({@code 1e-5} for 16- and 32-bit floats, {@code 1e-7} for {@code float64}, 0 otherwise).
     */
    Double tolerance;

    /**
     * Where the model runs: {@code cpu} (the default), {@code cuda} or {@code cuda:N}. {@code
     * trace-check} traces on the CPU only for now, and reports a model declared on a GPU as an error.
     */
    String device;

    /**
     * The constructor's keyword arguments of a packaged module class: a JSON object whose members
     * are VALUEs of the conformance format ({@code {"N": 3, "sizes": [4, 5], "mode": "fast"}};
     * tensors as {@code {"tensor": {...}}}). Default: none.
     */
    String args;

    /**
     * The trained weights of a packaged module: a file written by {@code
     * torch.save(model.state_dict(), path)} or a safetensors file, relative to the project's base
     * directory. Default: none (the weights are the constructor's, drawn after {@code
     * torch.manual_seed(seed)}).
     */
    String weights;

    /**
     * The classifier of the packaged archive attached to the project (type {@code pt}); letters,
     * digits, {@code _}, {@code -} and {@code .}. Default: the model's name.
     */
    String classifier;

    /** For Maven, which fills the fields. */
    public Model() {}

    @Override
    public String toString() {
        return "model " + (name == null ? "(no name)" : "'" + name + "'");
    }
}
