package io.github.torchscript4j.checker.types;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The Architecture Invariant of {@code checker.types} (ARCHITECTURE.md). */
@AnalyzeClasses(packages = "io.github.torchscript4j.checker.types", importOptions = ImportOption.DoNotIncludeTests.class)
class TypesArchitectureTest {
    private static final String TYPES = "io.github.torchscript4j.checker.types..";

    @ArchTest
    static final ArchRule typesNeedOnlyTheJdk = classes()
            .that().resideInAPackage(TYPES)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", TYPES)
            .because("types are plain values shared by every layer: no trees, no positions, no schemas");
}
