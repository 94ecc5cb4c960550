package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import java.text.Normalizer;
import java.util.List;

/**
 * The parser's cursor over the token array, plus the state shared by all parts of the parser: the
 * diagnostics sink, the "already reported an error in this statement" flag that stops cascades,
 * and the nesting-depth counter that keeps trees shallow enough for recursive walkers.
 *
 * <p>Tokens are held in parallel arrays and addressed by index; the cursor never runs past the
 * final {@link TokenKind#ENDMARKER}. This class knows nothing about the grammar.
 */
final class TokenStream {
    /** Deepest nesting (in depth units) the parser builds before reporting "too complex". */
    static final int MAX_DEPTH = 1000;
    /** Depth units one bracket costs: 200 nested brackets, CPython's own limit. */
    static final int BRACKET_COST = 5;
    /** Depth units of a nested block or lambda (several stack frames each). */
    static final int BLOCK_COST = 2;

    final SourceFile file;
    final String text;
    final TokenKind[] kinds;
    final int[] starts;
    final int[] ends;
    /** Index of the ENDMARKER (the last token). */
    final int last;
    final List<Diagnostic> diagnostics;
    /** Start offsets of the {@code # type:} comments that are not {@code type: ignore}, sorted. */
    final int[] typeCommentStarts;
    final int[] typeCommentEnds;

    int pos;
    /** Offset where the statement being parsed starts; lexer errors after it silence the parser's. */
    int statementStart;
    private final int[] lexerErrorStarts;
    /** The lexer errors CPython's tokenizer would raise while the parser looks one token ahead. */
    private final int[] lookaheadErrorStarts;
    /** Offset of the lexer's first indentation error; the block structure after it is unreliable. */
    private final int firstLexerIndentationError;
    /** An error was reported in the current statement; further ones are suppressed until resync. */
    boolean panic;
    int depth;
    private boolean tooComplexReported;
    private int[] levels;
    /** Bracket level of the whole token list: 1 for an f-string expression (parsed as if in parentheses). */
    int baseLevel;

    TokenStream(SourceFile file, List<Token> tokens, List<Token> typeComments, List<Diagnostic> diagnostics) {
        this.file = file;
        this.text = file.text();
        int n = tokens.size();
        boolean needsEnd = n == 0 || tokens.get(n - 1).kind() != TokenKind.ENDMARKER;
        int size = needsEnd ? n + 1 : n;
        kinds = new TokenKind[size];
        starts = new int[size];
        ends = new int[size];
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            kinds[i] = t.kind();
            starts[i] = t.start();
            ends[i] = t.end();
        }
        if (needsEnd) {
            kinds[n] = TokenKind.ENDMARKER;
            starts[n] = n == 0 ? text.length() : ends[n - 1];
            ends[n] = starts[n];
        }
        last = size - 1;
        this.diagnostics = diagnostics;
        int[] les = new int[diagnostics.size()];
        int[] lookahead = new int[diagnostics.size()];
        int nles = 0;
        int nlook = 0;
        for (Diagnostic d : diagnostics) {
            if (d.isError() && !isNeverClosed(d)) {
                les[nles++] = d.range().start();
                if (d.code() != Code.INDENTATION_ERROR && d.code() != Code.TAB_ERROR) {
                    lookahead[nlook++] = d.range().start();
                }
            }
        }
        lexerErrorStarts = java.util.Arrays.copyOf(les, nles);
        java.util.Arrays.sort(lexerErrorStarts);
        lookaheadErrorStarts = java.util.Arrays.copyOf(lookahead, nlook);
        java.util.Arrays.sort(lookaheadErrorStarts);
        int firstIndent = Integer.MAX_VALUE;
        for (Diagnostic d : diagnostics) {
            if (d.code() == Code.INDENTATION_ERROR || d.code() == Code.TAB_ERROR) {
                firstIndent = Math.min(firstIndent, d.range().start());
            }
        }
        firstLexerIndentationError = firstIndent;
        java.util.Arrays.sort(lexerErrorStarts);
        int count = 0;
        int[] ts = new int[typeComments.size()];
        int[] te = new int[typeComments.size()];
        for (Token t : typeComments) {
            if (!isTypeIgnore(t)) {
                ts[count] = t.start();
                te[count] = t.end();
                count++;
            }
        }
        typeCommentStarts = java.util.Arrays.copyOf(ts, count);
        typeCommentEnds = java.util.Arrays.copyOf(te, count);
    }

    /**
     * A second cursor over {@code other}'s tokens, at token {@code pos}, reporting into
     * {@code sink}, with no error reported yet: for parsing a part of the file again on the side.
     */
    TokenStream(TokenStream other, int pos, List<Diagnostic> sink) {
        file = other.file;
        text = other.text;
        kinds = other.kinds;
        starts = other.starts;
        ends = other.ends;
        last = other.last;
        diagnostics = sink;
        typeCommentStarts = other.typeCommentStarts;
        typeCommentEnds = other.typeCommentEnds;
        lexerErrorStarts = other.lexerErrorStarts;
        lookaheadErrorStarts = other.lookaheadErrorStarts;
        firstLexerIndentationError = other.firstLexerIndentationError;
        baseLevel = other.baseLevel;
        this.pos = pos;
        statementStart = starts[pos];
    }

    // ---- cursor ----

    TokenKind kind() {
        return kinds[pos];
    }

    TokenKind peek(int ahead) {
        int i = pos + ahead;
        return i >= last ? TokenKind.ENDMARKER : kinds[i];
    }

    boolean at(TokenKind k) {
        return kinds[pos] == k;
    }

    /** Consumes the current token if it is {@code k}. */
    boolean eat(TokenKind k) {
        if (kinds[pos] == k) {
            advance();
            return true;
        }
        return false;
    }

    /** Moves past the current token (never past ENDMARKER) and returns its index. */
    int advance() {
        int i = pos;
        if (pos < last) {
            pos++;
        }
        return i;
    }

    int start() {
        return starts[pos];
    }

    int end() {
        return ends[pos];
    }

    /** End offset of the token before the cursor (the last consumed one). */
    int prevEnd() {
        int i = pos - 1;
        while (i > 0 && (kinds[i] == TokenKind.NEWLINE || kinds[i] == TokenKind.INDENT || kinds[i] == TokenKind.DEDENT)) {
            i--;
        }
        return i < 0 ? 0 : ends[i];
    }

    String tokenText(int i) {
        return text.substring(starts[i], ends[i]);
    }

    /** Whether the current token is the NAME {@code word} (a soft keyword test). */
    boolean atName(String word) {
        return kinds[pos] == TokenKind.NAME && isName(pos, word);
    }

    boolean isName(int i, String word) {
        int s = starts[i];
        int len = ends[i] - s;
        return kinds[i] == TokenKind.NAME && len == word.length() && text.startsWith(word, s);
    }

    /** The identifier of NAME token {@code i}, NFKC-normalized when it is not ASCII. */
    String identifier(int i) {
        int s = starts[i];
        int e = ends[i];
        int h = 0;
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (c >= 0x80) {
                return Normalizer.normalize(text.substring(s, e), Normalizer.Form.NFKC);
            }
            h = 31 * h + c;
        }
        return intern(s, e, h);
    }

    /** Identifiers seen so far, by hash (open addressing), so that each spelling is one String. */
    private String[] names = new String[256];
    private int nameCount;

    private String intern(int s, int e, int hash) {
        int mask = names.length - 1;
        int len = e - s;
        for (int slot = (hash ^ (hash >>> 16)) & mask; ; slot = (slot + 1) & mask) {
            String n = names[slot];
            if (n == null) {
                String created = text.substring(s, e);
                names[slot] = created;
                if (++nameCount * 2 > names.length) {
                    rehash();
                }
                return created;
            }
            if (n.length() == len && text.regionMatches(s, n, 0, len)) {
                return n;
            }
        }
    }

    private void rehash() {
        String[] old = names;
        names = new String[old.length * 2];
        int mask = names.length - 1;
        for (String n : old) {
            if (n != null) {
                int h = n.hashCode();
                int slot = (h ^ (h >>> 16)) & mask;
                while (names[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                names[slot] = n;
            }
        }
    }

    SourceRange range(int start, int end) {
        return new SourceRange(file, start, Math.max(start, end));
    }

    SourceRange tokenRange(int i) {
        return new SourceRange(file, starts[i], ends[i]);
    }

    int line(int offset) {
        return file.lineOf(offset);
    }

    /** Bracket nesting level just after token {@code i} (0 outside all brackets). */
    int levelAfter(int i) {
        if (levels == null) {
            levels = new int[kinds.length];
            int level = 0;
            for (int k = 0; k < kinds.length; k++) {
                switch (kinds[k]) {
                    case LPAR, LSQB, LBRACE -> level++;
                    case RPAR, RSQB, RBRACE -> level = Math.max(0, level - 1);
                    case NEWLINE -> level = 0;
                    default -> { }
                }
                levels[k] = level;
            }
        }
        return levels[Math.max(0, Math.min(i, last))] + baseLevel;
    }

    /** Index of the first token starting at or after {@code offset} (the ENDMARKER at the latest). */
    int tokenAtOrAfter(int offset) {
        int lo = 0;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the token starting at {@code offset}, or -1. */
    int tokenAt(int offset) {
        int lo = 0;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        while (lo > 0 && starts[lo - 1] == offset) {
            lo--;
        }
        return starts[lo] == offset ? lo : -1;
    }

    /** Whether the expression spanning {@code [start, end)} is directly enclosed in parentheses. */
    boolean parenthesized(int start, int end) {
        int i = tokenAt(start);
        if (i <= 0 || kinds[i - 1] != TokenKind.LPAR) {
            return false;
        }
        int j = i;
        while (j < last && ends[j] < end) {
            j++;
        }
        return j + 1 <= last && ends[j] == end && kinds[j + 1] == TokenKind.RPAR;
    }

    // ---- diagnostics ----

    /** Reports a syntax error at {@code [start, end)} unless this statement already has one. */
    void error(int start, int end, String message) {
        report(Code.SYNTAX_ERROR, start, end, message);
    }

    void indentationError(int start, int end, String message) {
        report(Code.INDENTATION_ERROR, start, end, message);
    }

    void report(Code code, int start, int end, String message) {
        if (panic) {
            return;
        }
        panic = true;
        if (start >= text.length()) {
            start = endOfInput();
            end = start;
        }
        int reach = Math.max(start, end - 1);
        // CPython's parser fails at a NEWLINE, INDENT or DEDENT without fetching the next token.
        boolean looksAhead = kinds[pos] != TokenKind.NEWLINE && kinds[pos] != TokenKind.INDENT
                && kinds[pos] != TokenKind.DEDENT;
        // An INDENT shares its offset with the token after it, which CPython has not fetched yet
        // ("unexpected indent" wins). Not so a DEDENT: CPython's tokenizer does not dedent
        // before a misplaced backslash, and other errors there replace the parser's anyway.
        int upTo = start == end && kinds[pos] == TokenKind.INDENT ? start - 1 : reach;
        if (lexerErrorIn(lexerErrorStarts, statementStart, upTo)
                || looksAhead && lexerErrorIn(lookaheadErrorStarts, reach, ends[Math.min(pos + 1, last)])) {
            return;
        }
        if (code == Code.INDENTATION_ERROR && start >= firstLexerIndentationError) {
            return;
        }
        diagnostics.add(Diagnostic.error(code, range(start, end), message));
    }

    /**
     * Where an error at the end of the input is reported: on the last line CPython's tokenizer
     * read, where it puts its ENDMARKER. That is the line of the file's last character (at its
     * line terminator when the file ends with {@code \n} or {@code \r}), not the empty line after
     * it; but after a final {@code \r\n} CPython counts that empty line too.
     */
    int endOfInput() {
        int n = text.length();
        if (n > 0 && (text.charAt(n - 1) == '\r' || text.charAt(n - 1) == '\n' && (n < 2 || text.charAt(n - 2) != '\r'))) {
            return n - 1;
        }
        return n;
    }

    /**
     * Reports "invalid syntax" at the current token, CPython's generic error, in CPython's form
     * for an unexpected INDENT or DEDENT. Tokens the lexer already rejected are not reported again.
     */
    void invalidSyntax() {
        switch (kinds[pos]) {
            case ERRORTOKEN -> panic = true;
            case INDENT -> indentationError(starts[pos], ends[pos], "unexpected indent");
            case DEDENT -> indentationError(starts[pos], ends[pos], "unexpected unindent");
            default -> error(starts[pos], ends[pos], "invalid syntax");
        }
    }

    /** Enters one nesting level of {@code cost} units; false (and reported) when too deep. */
    boolean enter(int cost) {
        depth += cost;
        if (depth > MAX_DEPTH) {
            tooComplex(cost == BRACKET_COST ? "too many nested parentheses" : "too complex");
            return false;
        }
        return true;
    }

    void leave(int cost) {
        depth -= cost;
    }

    void tooComplex(String message) {
        if (!tooComplexReported) {
            tooComplexReported = true;
            panic = false;
            report(Code.TOO_COMPLEX, starts[pos], ends[pos], message);
        }
        panic = true;
    }

    boolean tooDeep() {
        return depth > MAX_DEPTH;
    }

    /** Whether one of the sorted error offsets {@code errors} lies in {@code [from, to]}. */
    private static boolean lexerErrorIn(int[] errors, int from, int to) {
        if (errors.length == 0) {
            return false;
        }
        int i = java.util.Arrays.binarySearch(errors, from);
        while (i > 0 && errors[i - 1] == from) {
            i--;
        }
        if (i < 0) {
            i = -i - 1;
        }
        return i < errors.length && errors[i] <= to;
    }

    /**
     * The lexer's "'(' was never closed": CPython's tokenizer raises it only on reaching the end of
     * the file, so a parser error found before the end takes precedence (see {@link Parser}).
     */
    static boolean isNeverClosed(Diagnostic d) {
        return d.code() == Code.TOKEN_ERROR && d.message().endsWith("' was never closed");
    }

    // ---- type comments ----

    /** The first type comment starting in {@code [from, to)}, or -1. */
    int typeCommentIn(int from, int to) {
        int lo = 0;
        int hi = typeCommentStarts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (typeCommentStarts[mid] < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < typeCommentStarts.length && typeCommentStarts[lo] < to ? lo : -1;
    }

    private boolean isTypeIgnore(Token t) {
        int i = typeTextStart(t.start(), t.end());
        return text.startsWith("ignore", i)
                && (i + 6 >= t.end() || !Character.isLetterOrDigit(text.charAt(i + 6)) && text.charAt(i + 6) != '_');
    }

    /** Offset of the text after {@code type:} and blanks in the comment {@code [start, end)}. */
    int typeTextStart(int start, int end) {
        int i = start;
        if (i < end && text.charAt(i) == '#') {
            i++;
        }
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\f')) {
            i++;
        }
        if (text.startsWith("type:", i)) {
            i += 5;
        }
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\f')) {
            i++;
        }
        return i;
    }

    // ---- backtracking ----

    /** A saved parser state for a speculative parse. */
    record Mark(int pos, int diagnosticCount, boolean panic, int depth) {}

    Mark mark() {
        return new Mark(pos, diagnostics.size(), panic, depth);
    }

    void reset(Mark m) {
        pos = m.pos;
        while (diagnostics.size() > m.diagnosticCount) {
            diagnostics.remove(diagnostics.size() - 1);
        }
        panic = m.panic;
        depth = m.depth;
    }

    /** Whether an error was reported since {@code m}. */
    boolean failedSince(Mark m) {
        return diagnostics.size() > m.diagnosticCount || (panic && !m.panic);
    }
}
