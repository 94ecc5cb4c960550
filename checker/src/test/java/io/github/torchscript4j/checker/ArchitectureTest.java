package io.github.torchscript4j.checker;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Enforces the checker's Architecture Invariants (see ARCHITECTURE.md at the project root).
 *
 * <p>Rules about layers that do not exist yet ({@code semantics}, {@code ir}) are written so that
 * they hold trivially today and start biting when those packages arrive.
 */
@AnalyzeClasses(packages = "io.github.torchscript4j.checker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String CHECKER = "io.github.torchscript4j.checker..";
    private static final String SOURCE = "io.github.torchscript4j.checker.source..";
    private static final String SYNTAX = "io.github.torchscript4j.checker.syntax..";
    private static final String AST = "io.github.torchscript4j.checker.syntax.ast..";

    @ArchTest
    static final ArchRule checkerKnowsNothingAboveIt = noClasses()
            .that().resideInAPackage(CHECKER)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.bytedeco..",
                    "org.eclipse.lsp4j..",
                    "org.apache.maven..",
                    "io.github.torchscript4j.runtime..",
                    "io.github.torchscript4j.lsp..",
                    "io.github.torchscript4j.maven..",
                    "io.github.torchscript4j.cli..")
            .because("the checker is the shared front end: no native code, no protocol, no build tool");

    @ArchTest
    static final ArchRule checkerNeedsOnlyTheJdk = classes()
            .that().resideInAPackage(CHECKER)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", CHECKER)
            .because("the checker depends on nothing but the JDK at run time");

    @ArchTest
    static final ArchRule checkerNeverLoadsNativeCode = noClasses()
            .that().resideInAPackage(CHECKER)
            .should().callMethod(System.class, "loadLibrary", String.class)
            .orShould().callMethod(System.class, "load", String.class)
            .orShould().callMethod(Runtime.class, "loadLibrary", String.class)
            .orShould().callMethod(Runtime.class, "load", String.class)
            .because("only the runtime loads native code; the language server must not load libtorch");

    @ArchTest
    static final ArchRule sourceIsTheBottomLayer = classes()
            .that().resideInAPackage(SOURCE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SOURCE)
            .because("source text, positions and diagnostics are below every other layer");

    @ArchTest
    static final ArchRule syntaxDoesNotKnowLaterLayers = classes()
            .that().resideInAPackage(SYNTAX)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SOURCE, SYNTAX)
            .because("dependencies point one way: syntax never sees semantics, ir or ide");

    @ArchTest
    static final ArchRule astDoesNotKnowTheParser = classes()
            .that().resideInAPackage(AST)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SOURCE, AST)
            .because("the tree is plain data: it does not know how it was built, nor any types");

    @ArchTest
    static final ArchRule astNodesAreRecords = classes()
            .that().resideInAPackage(AST)
            .and().areAssignableTo("io.github.torchscript4j.checker.syntax.ast.Node")
            .and().areNotInterfaces()
            .should().beRecords()
            .because("AST nodes are immutable records");

    @ArchTest
    static final ArchRule astHasOnlyFinalFields = classes()
            .that().resideInAPackage(AST)
            .should().haveOnlyFinalFields()
            .because("the AST is immutable and shared between threads");

    @ArchTest
    static final ArchRule astHoldsNoMutableCollections = noFields()
            .that().areDeclaredInClassesThat().resideInAPackage(AST)
            .should().haveRawType(assignableTo(ArrayList.class)
                    .or(assignableTo(LinkedList.class))
                    .or(assignableTo(ArrayDeque.class))
                    .or(assignableTo(HashMap.class))
                    .or(assignableTo(IdentityHashMap.class))
                    .or(assignableTo(TreeMap.class))
                    .or(assignableTo(HashSet.class))
                    .or(assignableTo(TreeSet.class))
                    .or(assignableTo(StringBuilder.class))
                    .as("a mutable collection type"))
            .because("child lists are immutable copies (List.copyOf)");
}
