package io.github.torchscript4j.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Enforces the runtime's Architecture Invariants (ARCHITECTURE.md): it is the only module that
 * touches Bytedeco or loads native code, and it sits above the checker, never beside the server.
 *
 * <p>Imports every project class on this module's class path (the runtime and the checker).
 */
@AnalyzeClasses(packages = "io.github.torchscript4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String RUNTIME = "io.github.torchscript4j.runtime..";

    @ArchTest
    static final ArchRule onlyTheRuntimeUsesBytedeco = noClasses()
            .that().resideInAPackage("io.github.torchscript4j..")
            .and().resideOutsideOfPackage(RUNTIME)
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
            .because("only the runtime depends on org.bytedeco");

    @ArchTest
    static final ArchRule onlyTheRuntimeLoadsNativeCode = noClasses()
            .that().resideInAPackage("io.github.torchscript4j..")
            .and().resideOutsideOfPackage(RUNTIME)
            .should().callMethod(System.class, "loadLibrary", String.class)
            .orShould().callMethod(System.class, "load", String.class)
            .orShould().callMethod(Runtime.class, "loadLibrary", String.class)
            .orShould().callMethod(Runtime.class, "load", String.class)
            .because("only the runtime loads native code");

    @ArchTest
    static final ArchRule runtimeKnowsNoProtocolNorBuildTool = noClasses()
            .that().resideInAPackage(RUNTIME)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.eclipse.lsp4j..",
                    "org.apache.maven..",
                    "io.github.torchscript4j.lsp..",
                    "io.github.torchscript4j.maven..",
                    "io.github.torchscript4j.cli..")
            .because("the runtime is a library under the server, the plugin and the CLI");
}
