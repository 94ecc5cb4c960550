package io.github.torchscript4j.maven;

import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** The goals over declared models ({@code trace-check}, {@code package}): the {@code <models>} and their checking. */
public abstract class ModelMojo extends TorchScriptMojo {
    /**
     * The models, each a {@code <model>} with {@code name}, {@code source}, {@code entry}, {@code
     * mode}, {@code inputs}, {@code checkInputs}, {@code seed}, {@code tolerance}, {@code device},
     * {@code args}, {@code weights} and {@code classifier} (see {@link Model}).
     */
    @Parameter
    protected List<Model> models;

    /** The project, whose POM the problems of the declarations point into. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /**
     * The declared models, checked ({@link ModelDeclarations}).
     *
     * @throws MojoFailureException listing every problem of the declarations, each naming the model and
     *     the value, at its line in the POM where the POM declares it
     */
    List<ModelDeclarations.Declared> declarations() throws MojoFailureException {
        ModelDeclarations.Result declarations = ModelDeclarations.check(models, roots(),
                PomLocations.read(project == null || project.getFile() == null ? null : project.getFile().toPath()));
        if (!declarations.problems().isEmpty()) {
            declarations.problems().forEach(p -> getLog().error("TorchScript: " + p));
            throw new MojoFailureException("TorchScript: " + plural(declarations.problems().size(), "error")
                    + " in the <models> declarations (listed above); the first: " + declarations.problems().get(0));
        }
        return declarations.models();
    }
}
