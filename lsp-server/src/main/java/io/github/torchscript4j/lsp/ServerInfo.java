package io.github.torchscript4j.lsp;

/**
 * How the language server introduces itself to clients ({@code InitializeResult.serverInfo}).
 *
 * <p>A placeholder until a later issue adds the server itself.
 */
public final class ServerInfo {
    /** The server's name as clients show it. */
    public static final String NAME = "torchscript4j";

    private ServerInfo() {}
}
