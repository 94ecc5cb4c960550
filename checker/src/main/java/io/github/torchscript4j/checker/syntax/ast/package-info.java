/**
 * The abstract syntax tree: immutable records that mirror CPython 3.11's {@code ast} module
 * node for node and field for field (see {@code Parser/Python.asdl} of CPython 3.11).
 *
 * <p>Why a mirror: users read Python through this lens, CPython's {@code ast.dump} gives a
 * precise oracle for the parser ({@link io.github.torchscript4j.checker.syntax.ast.AstDump}),
 * and TorchScript's own front end works on the same shapes.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Record components are named as CPython's fields in camel case ({@code decorator_list} is
 *       {@code decoratorList}), in CPython's order, followed by {@code range}. CPython's optional
 *       fields ({@code expr?}) are {@link java.util.Optional}; nothing is ever {@code null}.
 *   <li>Every node carries the {@link io.github.torchscript4j.checker.source.SourceRange} CPython
 *       would give it ({@code lineno/col_offset .. end_lineno/end_col_offset}).
 *   <li>Lists are immutable copies. Nodes hold no types or other analysis results: later passes
 *       key their results by node identity ({@link java.util.IdentityHashMap}), because record
 *       equality is structural.
 *   <li>Where the parser met a syntax error it puts {@link
 *       io.github.torchscript4j.checker.syntax.ast.Expr.Error}, {@link
 *       io.github.torchscript4j.checker.syntax.ast.Stmt.Error} or {@link
 *       io.github.torchscript4j.checker.syntax.ast.Pattern.Error} in the tree, so that a tree
 *       always comes back.
 *   <li>{@code # type:} comments, which CPython keeps only with {@code type_comments=True}, are kept
 *       as {@link io.github.torchscript4j.checker.syntax.ast.TypeComment} on the nodes that CPython
 *       attaches them to; TorchScript reads them.
 * </ul>
 */
package io.github.torchscript4j.checker.syntax.ast;
