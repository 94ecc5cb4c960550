package io.github.torchscript4j.lsp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Enforces the language server's Architecture Invariants (ARCHITECTURE.md): it is the only module
 * that knows LSP4J (and inside it, only the adapter package {@code lsp} does), and it never loads
 * libtorch.
 *
 * <p>Imports every project class on this module's class path (the server and the checker).
 */
@AnalyzeClasses(packages = "io.github.torchscript4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String LSP = "io.github.torchscript4j.lsp..";

    @ArchTest
    static final ArchRule onlyTheServerUsesLsp4j = noClasses()
            .that().resideInAPackage("io.github.torchscript4j..")
            .and().resideOutsideOfPackage(LSP)
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.lsp4j..")
            .because("LSP4J types never appear below the server; it converts at its boundary");

    @ArchTest
    static final ArchRule featuresKnowNoProtocol = noClasses()
            .that().resideInAnyPackage("io.github.torchscript4j.lsp.ide..", "io.github.torchscript4j.lsp.workspace..")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.lsp4j..", "com.google.gson..")
            .because("the features work in offsets and plain records; only the adapter package converts to the protocol");

    @ArchTest
    static final ArchRule serverNeverTouchesLibtorch = noClasses()
            .that().resideInAPackage(LSP)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.bytedeco..",
                    "io.github.torchscript4j.runtime..",
                    "org.apache.maven..",
                    "io.github.torchscript4j.maven..",
                    "io.github.torchscript4j.cli..")
            .because("the language server must not load libtorch to give diagnostics");

    @ArchTest
    static final ArchRule serverLoadsNoNativeCode = noClasses()
            .that().resideInAPackage(LSP)
            .should().callMethod(System.class, "loadLibrary", String.class)
            .orShould().callMethod(System.class, "load", String.class)
            .orShould().callMethod(Runtime.class, "loadLibrary", String.class)
            .orShould().callMethod(Runtime.class, "load", String.class)
            .because("only the runtime loads native code");
}
