package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.StringLiteralsTest.assertDump;
import static io.github.torchscript4j.checker.syntax.StringLiteralsTest.assertError;
import static io.github.torchscript4j.checker.syntax.StringLiteralsTest.source;
import static io.github.torchscript4j.checker.syntax.StringLiteralsTest.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FStrings} through {@link StringLiterals}: f-strings and their concatenation with plain
 * strings. Every expected dump and message was printed by CPython 3.11 for the same tokens. The
 * replacement fields' expressions are parsed by {@link Parser}.
 */
class FStringsTest {

    @Test
    void fStringsAndTheirConcatenation() {
        assertDump("JoinedStr(values=[])", "f''");
        assertDump("JoinedStr(values=[Constant(value='abc')])", "f'abc'");
        assertDump("JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='b')])", "'a'", "f'{x}'", "'b'");
        assertDump("JoinedStr(values=[Constant(value='ab')])", "f'a'", "'b'");
        assertDump("JoinedStr(values=[])", "''", "f''");
        assertDump("JoinedStr(values=[Constant(value='a')])", "f''", "'a'");
        assertDump("JoinedStr(values=[Constant(value='a', kind='u'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "u'a'", "f'{x}'");
        assertDump("JoinedStr(values=[Constant(value='a', kind='u'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='a', kind='u'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1), Constant(value='b')]))])", "u'a'", "f'{x:a{y}b}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "F'{x}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='\\\\n')])", "rf'{x}\\n'");
        assertDump("JoinedStr(values=[Constant(value='\\\\'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "fr'\\{x}'");
        assertDump("JoinedStr(values=[Constant(value='\\\\'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "f'\\{x}'");
        assertDump("JoinedStr(values=[Constant(value='{}')])", "f'{{}}'");
        assertDump("JoinedStr(values=[Constant(value='{'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "f'{{{x}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=-1), Constant(value='{b}')])", "f'{a}{{b}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=-1), Constant(value='{b}c')])", "f'{a}{{b}}'", "'c'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "f'{ x }'");
        assertDump("JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id='x', ctx=Load()), Name(id='y', ctx=Load())], ctx=Load()), conversion=-1)])", "f'{x,y}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'{x!r}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=115)])", "f'{x!s}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=97)])", "f'{x!a}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Constant(value=3), conversion=114)])", "f'{3!r}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=115, format_spec=JoinedStr(values=[Constant(value='>10')]))])", "f'{x!s:>10}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[]))])", "f'{x:}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[]))])", "f'{x!r:}'");
        assertDump("JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'{x=}'");
        assertDump("JoinedStr(values=[Constant(value='x = '), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'{x = }'");
        assertDump("JoinedStr(values=[Constant(value='x\\t=\\t'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'{x\t=\t}'");
        assertDump("JoinedStr(values=[Constant(value='x\\n=\\n'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'''{x\n=\n}'''");
        assertDump("JoinedStr(values=[Constant(value='x\\n=\\n'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'''{x\r\n=\r\n}'''");
        assertDump("JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=115)])", "f'{x=!s}'");
        assertDump("JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[]))])", "f'{x=:}'");
        assertDump("JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[Constant(value='x')]))])", "f'{x=!r:x}'");
        assertDump("JoinedStr(values=[Constant(value='x = '), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])", "f'{x = !r}'");
        assertDump("JoinedStr(values=[Constant(value='3='), FormattedValue(value=Constant(value=3), conversion=-1, format_spec=JoinedStr(values=[Constant(value='x')]))])", "f'{3=:x}'");
        assertDump("JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value='y='), FormattedValue(value=Name(id='y', ctx=Load()), conversion=114)])", "f'{x=}'", "f'{y=}'");
        assertDump("JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)]))])", "f'{x=!r:>{w}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>'), FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)]))])", "f'{x:>{w}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='z', ctx=Load()), conversion=-1), Constant(value='f')]))])", "f'{x:{y}.{z}f}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=114, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load()), conversion=114)]))])", "f'{x!r:{y!r}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='y='), FormattedValue(value=Name(id='y', ctx=Load()), conversion=114)]))])", "f'{x:{y=}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='z')]))]))])", "f'{x:{y:z}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='\\n'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1)]))])", "f'{x:\\n{y}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='=1')]))])", "f'{x:=1}'");
        assertDump("JoinedStr(values=[FormattedValue(value=NamedExpr(target=Name(id='x', ctx=Store()), value=Constant(value=1)), conversion=-1)])", "f'{(x:=1)}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[NotEq()], comparators=[Name(id='y', ctx=Load())]), conversion=-1)])", "f'{x!=y}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[Lt()], comparators=[Name(id='y', ctx=Load())]), conversion=-1)])", "f'{x<y}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[LtE()], comparators=[Name(id='y', ctx=Load())]), conversion=-1)])", "f'{x<=y}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Compare(left=Name(id='x', ctx=Load()), ops=[Eq()], comparators=[Name(id='y', ctx=Load())]), conversion=-1)])", "f'{x==y}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Constant(value='a}'), conversion=-1)])", "f'{\"\"\"a}\"\"\"}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value='}'), ctx=Load()), conversion=-1)])", "f'{a[\"}\"]}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Set(elts=[Name(id='y', ctx=Load())]), conversion=-1)]))])", "f'{x:{{y}}}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Constant(value=3.14), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Dict(keys=[], values=[]), conversion=-1)]))])", "f'{3.14:{{}}}'");
        assertDump("JoinedStr(values=[Constant(value='1'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "f'\\N{DIGIT ONE}{x}'");
        assertDump("JoinedStr(values=[Constant(value='1')])", "f'\\N{DIGIT ONE}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Yield(value=Name(id='x', ctx=Load())), conversion=-1)])", "f'{yield x}'");
        assertDump("JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='\u00e4\\t')])", "f'{x}\u00e4\\t'");
        assertDump("JoinedStr(values=[Constant(value='a\\nb'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])", "f'''a\r\nb{x}'''");
        assertDump("JoinedStr(values=[Constant(value='{x:}')])", "f'{{x:}}'");
    }

    @Test
    void errorsUseCpythonsWords() {
        assertError("f-string: expecting '}'", "f'{x!r=}'");
        assertError("f-string: invalid conversion character: expected 's', 'r', or 'a'", "f'{x!}'");
        assertError("f-string: expecting '}'", "f'{x!'");
        assertError("f-string: expression required before '!'", "f'{!r}'");
        assertError("f-string: expression required before ':'", "f'{:x}'");
        assertError("f-string: expression required before '='", "f'{=}'");
        assertError("f-string: expression required before '!'", "f'{ !r}'");
        assertError("f-string: expression required before '='", "f'{ = }'");
        assertError("f-string: empty expression not allowed", "f'{}'");
        assertError("f-string: empty expression not allowed", "f'{ }'");
        assertError("f-string: empty expression not allowed", "f'{x:{ }}'");
        assertError("f-string: expression required before '!'", "f'{x:{!r}}'");
        assertError("f-string: empty expression not allowed", "f'{x:{}}'");
        assertError("f-string: expressions nested too deeply", "f'{x:{y:{z}}}'");
        assertError("f-string: expecting '}'", "f'{'");
        assertError("f-string: single '}' is not allowed", "f'}'");
        assertError("f-string: expecting '}'", "f'{x'");
        assertError("f-string: expecting '}'", "f'{x:'");
        assertError("f-string: expecting '}'", "f'{x!s'");
        assertError("f-string: single '}' is not allowed", "f'{x:a}}'");
        assertError("f-string expression part cannot include '#'", "f'{x#}'");
        assertError("f-string expression part cannot include a backslash", "f'{x\\n}'");
        assertError("f-string: closing parenthesis '}' does not match opening parenthesis '('", "f'{(x}'");
        assertError("f-string: unmatched ')'", "f'{x)}'");
        assertError("f-string: closing parenthesis ')' does not match opening parenthesis '['", "f'{[x)]}'");
        assertError("f-string: unterminated string", "f'{\"a}'");
        assertError("f-string: expecting '}'", "f'{x!rr}'");
        assertError("f-string: expecting '}'", "f'{x!r }'");
        assertError("f-string: invalid conversion character: expected 's', 'r', or 'a'", "f'{x! r}'");
        assertError("f-string: expecting '}'", "f'{x:{{}'");
        assertError("f-string: single '}' is not allowed", "f'{x:}}'");
        assertError("f-string: single '}' is not allowed", "f'{x:{y}}}'");
        assertError("f-string: single '}' is not allowed", "f'{x}}'");
        assertError("f-string: single '}' is not allowed", "f'{{'", "f'}'");
        assertError("cannot mix bytes and nonbytes literals", "F'{x}'", "Rb''");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 1-2: truncated \\xXX escape", "f'a\\x{x}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 1-2: truncated \\xXX escape", "f'{x}a\\x'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 1-2: truncated \\xXX escape", "f'{x:a\\x}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-5: unknown Unicode character name", "f'\\N{xx}'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape", "f'\\N'");
        assertError("(unicode error) 'unicodeescape' codec can't decode bytes in position 0-11: malformed \\N character escape", "f'\\N{DIGIT ONE'");
    }

    @Test
    void errorsInsideTheExpressionComeFromTheParserAndEndTheLiteral() {
        for (String literal : List.of("f'{a b}'", "f'{x:{a b}}'", "f'{)}'")) {
            SourceFile file = source(literal);
            List<Diagnostic> sink = new ArrayList<>();
            Expr e = StringLiterals.parse(file, tokens(file, literal), sink);
            assertFalse(sink.isEmpty(), literal);
            assertInstanceOf(Expr.Error.class, e, literal);
        }
    }

    @Test
    void partsGetTheWholeLiteralsRangeAndTheSpecItsTokensLikeCpython() {
        SourceFile file = source("'a'", "f'{x:>{w}}'");
        Expr e = StringLiterals.parse(file, tokens(file, "'a'", "f'{x:>{w}}'"), new ArrayList<>());
        Expr.JoinedStr joined = assertInstanceOf(Expr.JoinedStr.class, e);
        assertEquals(1, joined.range().start());
        assertEquals(file.length() - 1, joined.range().end());
        Expr.FormattedValue field = assertInstanceOf(Expr.FormattedValue.class, joined.values().get(1));
        assertEquals(joined.range(), field.range());
        assertEquals(joined.range(), joined.values().get(0).range());
        Expr.Name x = assertInstanceOf(Expr.Name.class, field.value());
        assertEquals(file.text().indexOf('x'), x.range().start());
        Expr.JoinedStr spec = assertInstanceOf(Expr.JoinedStr.class, field.formatSpec().orElseThrow());
        assertEquals(5, spec.range().start());
        assertEquals(file.length() - 1, spec.range().end());
        Expr.Name w = assertInstanceOf(Expr.Name.class,
                assertInstanceOf(Expr.FormattedValue.class, spec.values().get(1)).value());
        assertEquals(file.text().indexOf('w'), w.range().start());
    }
}
