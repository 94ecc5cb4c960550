package io.github.torchscript4j.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Enforces the Maven plugin's Architecture Invariants (ARCHITECTURE.md): it is the only module
 * that knows Maven's API, and it reaches libtorch only through the runtime's API.
 */
@AnalyzeClasses(packages = "io.github.torchscript4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String PLUGIN = "io.github.torchscript4j.maven..";

    @ArchTest
    static final ArchRule onlyThePluginUsesMaven = noClasses()
            .that().resideInAPackage("io.github.torchscript4j..")
            .and().resideOutsideOfPackage(PLUGIN)
            .should().dependOnClassesThat().resideInAPackage("org.apache.maven..")
            .because("Maven's API stays in the plugin");

    @ArchTest
    static final ArchRule pluginUsesNoProtocolNorNativeLibrary = noClasses()
            .that().resideInAPackage(PLUGIN)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.bytedeco..", "org.eclipse.lsp4j..", "io.github.torchscript4j.lsp..", "io.github.torchscript4j.cli..")
            .because("only the runtime depends on org.bytedeco and only lsp-server on LSP4J");

    @ArchTest
    static final ArchRule pluginLoadsNoNativeCode = noClasses()
            .that().resideInAPackage(PLUGIN)
            .should().callMethod(System.class, "loadLibrary", String.class)
            .orShould().callMethod(System.class, "load", String.class)
            .orShould().callMethod(Runtime.class, "loadLibrary", String.class)
            .orShould().callMethod(Runtime.class, "load", String.class)
            .because("only the runtime loads native code");
}
