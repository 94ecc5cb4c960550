/**
 * TorchScript's types as PyTorch 1.13.1 defines them ({@code aten/src/ATen/core/jit_type.h},
 * {@code type.cpp}, {@code union_type.cpp}) and the algebra the checker computes with.
 *
 * <ul>
 *   <li>{@link io.github.torchscript4j.checker.types.Type}: a sealed interface of immutable
 *       records, one per kind of type, each commented with what it stands for in TorchScript.
 *       Four printers reproduce the reference's spellings: {@code annotationStr()} (what
 *       {@code .code} and most messages print: {@code Optional[List[int]]}), {@code str()} (what
 *       schemas print: {@code int[]?}), {@code graphStr()} (what {@code .graph} prints) and
 *       {@code reprStr()} (C++ {@code repr_str()}: messages; {@code Tensor (inferred)}).
 *   <li>{@link io.github.torchscript4j.checker.types.Types}: the singletons and the two
 *       normalizing constructors, {@code optional(T)} and {@code union(...)}, which flatten, remove
 *       duplicates and sort exactly as the reference's {@code OptionalType::create} and {@code
 *       UnionType::create} do.
 *   <li>{@link io.github.torchscript4j.checker.types.TypeRelations}: the reference's equality
 *       ({@code sameType}) and subtyping ({@code isSubtypeOf}, with the reference's "why not"
 *       text), {@link io.github.torchscript4j.checker.types.Unification}: {@code unifyTypes} and
 *       {@code unifyTypeList} (if/else merges, list and dict displays).
 *   <li>{@link io.github.torchscript4j.checker.types.RefinementSet}: the and/or/not algebra of
 *       {@code Optional} and {@code isinstance} refinements, as the reference's {@code
 *       RefinementSet}.
 * </ul>
 *
 * <p>What this package is not: it does not resolve annotations ({@code typing.List[int]},
 * {@code torch.dtype} &rarr; {@code int}, {@code # type:} comments), know classes' members,
 * operator schemas, or source positions. It depends on nothing but the JDK, so that every later
 * layer (the checker, the schema table, the IR, the language server) can share it.
 *
 * <p>Where the reference has a quirk we reproduce it, and say so where it is implemented, because
 * users see it in messages and {@code .graph}: {@code Union[int, float, complex, str]} prints as
 * {@code Union[, str, number]}, an {@code Optional[T]} that a {@code Union} cannot hold is
 * explained as "cannot hold 1", {@code Optional[Union[int, str]]} is not a subtype of {@code
 * Union[int, str, NoneType]}, and intersecting refinements compares types by identity.
 *
 * <p>{@link io.github.torchscript4j.checker.types.Type.UnknownType} is ours: the type of an
 * expression that already has an error. It is equal to, a subtype of, a supertype of and unifies
 * with every type, so one mistake is reported once.
 */
package io.github.torchscript4j.checker.types;
