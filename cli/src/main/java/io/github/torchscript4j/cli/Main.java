package io.github.torchscript4j.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code torchscript} command: the entry point behind the {@code ./torchscript} launcher.
 *
 * <p>It only parses the command line (picocli) and dispatches to one subcommand per job. Exit
 * statuses are the same for every subcommand: {@value #OK} when nothing is wrong with the inputs,
 * {@value #PROBLEMS} when an input has an error, {@value #CANNOT_RUN} when the command itself could
 * not run (bad usage, a missing or unreadable file, an internal error).
 */
@Command(
        name = "torchscript",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {CheckCommand.class, AstCommand.class, GraphCommand.class, CodeCommand.class, LspCommand.class, RunCommand.class, TraceCommand.class, PackageCommand.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "TorchScript4J: a TorchScript toolchain for the JVM.",
            "",
            "Checks TorchScript (the statically typed subset of Python that torch.jit.script"
                    + " compiles) without Python.",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  no input has an error",
            "  1  an input has an error",
            "  2  the command could not run (bad usage, unreadable file, internal error)",
            "",
            "Run 'torchscript COMMAND --help' for the options of a command.",
        })
public final class Main implements Runnable {
    /** Exit status: every input is free of errors. */
    public static final int OK = 0;
    /** Exit status: at least one input has an error diagnostic. */
    public static final int PROBLEMS = 1;
    /** Exit status: the command could not run (usage, I/O, internal error). */
    public static final int CANNOT_RUN = 2;

    @Spec private CommandSpec spec;

    private final InputStream stdin;

    Main(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Standard input, for subcommands that read path lists from it. */
    InputStream stdin() {
        return stdin;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required command");
    }

    public static void main(String[] args) {
        PrintWriter out = utf8Writer(FileDescriptor.out);
        PrintWriter err = utf8Writer(FileDescriptor.err);
        int status = execute(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs the command line {@code args} and returns its exit status; never calls {@code exit}. */
    public static int execute(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main(in));
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Usage errors exit with CANNOT_RUN, as the contract says, after a two-line reminder.
        commandLine.setParameterExceptionHandler((e, ignoredArgs) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("torchscript: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return CANNOT_RUN;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("torchscript: internal error: " + e);
            e.printStackTrace(cmd.getErr());
            return CANNOT_RUN;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static PrintWriter utf8Writer(FileDescriptor fd) {
        return new PrintWriter(
                new OutputStreamWriter(
                        new BufferedOutputStream(new FileOutputStream(fd), 1 << 16),
                        StandardCharsets.UTF_8),
                false);
    }

    /** Reads the version that Maven writes into {@code version.properties} at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"torchscript " + version()};
        }

        static String version() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties.getProperty("version", "unknown");
        }
    }
}
