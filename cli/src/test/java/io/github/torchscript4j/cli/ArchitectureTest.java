package io.github.torchscript4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Enforces the CLI's Architecture Invariants (ARCHITECTURE.md): it adapts the command line to the
 * other modules' APIs, never reaching past them to Bytedeco, LSP4J or Maven, and {@code check}
 * never needs the runtime.
 */
@AnalyzeClasses(packages = "io.github.torchscript4j.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String CLI = "io.github.torchscript4j.cli..";

    @ArchTest
    static final ArchRule cliUsesOtherModulesThroughTheirApi = noClasses()
            .that().resideInAPackage(CLI)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.bytedeco..", "org.eclipse.lsp4j..", "org.apache.maven..", "io.github.torchscript4j.maven..")
            .because("only the runtime depends on org.bytedeco and only lsp-server on LSP4J");

    @ArchTest
    static final ArchRule checkAndAstNeverNeedTheRuntime = noClasses()
            .that().resideInAPackage("io.github.torchscript4j.cli.render..")
            .or().haveSimpleName("CheckCommand")
            .or().haveSimpleName("AstCommand")
            .or().haveSimpleName("InputFiles")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.github.torchscript4j.runtime..", "io.github.torchscript4j.lsp..")
            .because("check must start fast and never put libtorch on its class path");

    @ArchTest
    static final ArchRule renderersKnowNoCommandLine = classes()
            .that().resideInAPackage("io.github.torchscript4j.cli.render..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "io.github.torchscript4j.checker..", "com.google.gson..", "io.github.torchscript4j.cli.render..")
            .because("renderers are reusable by the language server and the Maven plugin's reports");

    @ArchTest
    static final ArchRule cliLoadsNoNativeCode = noClasses()
            .that().resideInAPackage(CLI)
            .should().callMethod(System.class, "loadLibrary", String.class)
            .orShould().callMethod(System.class, "load", String.class)
            .orShould().callMethod(Runtime.class, "loadLibrary", String.class)
            .orShould().callMethod(Runtime.class, "load", String.class)
            .because("only the runtime loads native code");
}
