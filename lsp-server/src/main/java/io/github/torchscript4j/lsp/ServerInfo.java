package io.github.torchscript4j.lsp;

/** How the language server introduces itself to clients ({@code InitializeResult.serverInfo}). */
public final class ServerInfo {
    /** The server's name as clients show it. */
    public static final String NAME = "torchscript4j";

    private ServerInfo() {}

    /** The version of this build, from the jar's manifest; {@code "dev"} when run from classes. */
    public static String version() {
        String v = ServerInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
