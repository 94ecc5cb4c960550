package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recorded members of standard-library modules as the checker and the editor queries read them. */
class PythonModuleMembersTest {

    @Test
    void boundMethodsCarryTheirQualifiedNameAndParameters() {
        assertEquals(Optional.of(new PythonModules.Method("Random.randint", List.of("self", "a", "b"))),
                PythonModules.method("random", "randint"));
        assertEquals(Optional.of(PythonModules.Kind.METHOD), PythonModules.kind("random", "choice"));
        assertEquals(Optional.empty(), PythonModules.method("math", "sqrt"));
    }

    @Test
    void queriesListBoundMethodsAsFunctions() {
        assertEquals(Queries.MemberKind.FUNCTION, Queries.moduleMembers("random").get("randint"));
        assertEquals(Queries.MemberKind.TYPE, Queries.moduleMembers("random").get("Random"));
    }
}
