package io.github.torchscript4j.checker.eval;

/**
 * The enum operators: {@code prim::EnumName}, {@code prim::EnumValue} (one overload per value
 * type) and {@code ==}/{@code !=} of members, which compare the enum and the name.
 */
final class EnumOps {
    private EnumOps() {}

    static void register(ScalarOps.Registry r) {
        r.one("prim::EnumName", args -> ((EnumMember) args.get(0)).name());
        for (String overload : new String[] {"int", "float", "str"}) {
            r.one("prim::EnumValue." + overload, args -> ((EnumMember) args.get(0)).value());
        }
        r.one("aten::eq.enum", args -> args.get(0).equals(args.get(1)));
        r.one("aten::ne.enum", args -> !args.get(0).equals(args.get(1)));
    }
}
