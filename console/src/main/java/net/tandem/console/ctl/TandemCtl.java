package net.tandem.console.ctl;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandemctl}: scripts' and operators' access to one agent's control API.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 ok, 1 the agent refused or failed the command, 2 usage error, 3 agent
 * unreachable, 4 not allowed (token or certificate).
 */
@Command(
        name = "tandemctl",
        mixinStandardHelpOptions = true,
        version = "tandemctl 0.1.0",
        description = "Shows and steers a Tandem agent through its control API.",
        subcommands = {
            StatusCommand.class,
            WatchCommand.class,
            TakeoverCommand.class,
            ReleaseCommand.class,
            PriorityCommand.class,
            MaintenanceCommand.class,
            ReloadCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:the agent refused or failed the command",
            "2:usage error, or options that cannot be used (a token without TLS to a non-loopback target)",
            "3:agent unreachable (connection refused, timeout)",
            "4:not allowed (missing or wrong token, certificate)"
        })
public final class TandemCtl {
    static final String DEFAULT_TARGET = "unix:/run/tandem/control.sock";
    static final String DEFAULT_TIMEOUT = "5";

    @Option(
            names = "--target",
            paramLabel = "unix:PATH|HOST:PORT",
            defaultValue = DEFAULT_TARGET,
            description = "The agent's control API (default ${DEFAULT-VALUE}: the agent on this node, which knows"
                    + " the caller from the socket; root may command, its read_group may read).")
    String target;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the bearer token (the agent's admin or read token). It is sent in plain"
                    + " text only to a loopback target; anywhere else it needs TLS (--ca).")
    Path tokenFile;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "CA certificate (PEM) to check the agent's certificate: use TLS.")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM), for mutual TLS.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Client private key (PEM, PKCS#8), for mutual TLS.")
    Path key;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = DEFAULT_TIMEOUT,
            description = "Give up on a command after this long (default ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    @Option(names = "--verbose", description = "On a failure, also print gRPC's own account of it (status, causes).")
    boolean verbose;

    /** The command line with tandemctl's exit codes and error messages; tests capture its out and err. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TandemCtl());
        // `tandemctl completion > /etc/bash_completion.d/tandemctl`: picocli's bash (and zsh) completion script
        cl.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        cl.getSubcommands()
                .get("completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(false)
                .description("Print the bash/zsh completion script (source it, or put it in /etc/bash_completion.d).");
        // As wide as the terminal when picocli can tell (80 otherwise), so that the terminal never wraps a line
        // picocli laid out for a wider one, which breaks option names apart.
        cl.setUsageHelpAutoWidth(true);
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr()
                    .println("tandemctl: "
                            + ExitCodes.describe(
                                    e, cmd.getCommandSpec().root().commandLine().<TandemCtl>getCommand()));
            cmd.getErr().flush();
            return cmd.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cl;
    }

    /**
     * What {@link #main} runs: the usual command lines without picocli ({@link PlainCommandLine}: picocli is slow to
     * load), the rest with it; out and err are the writers for both (tests capture them).
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        PlainCommandLine plain = PlainCommandLine.parse(args);
        if (plain != null) {
            return plain.execute(out, err);
        }
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static void main(String[] args) {
        // The writers picocli makes for itself (its getOut, getErr), made here for both ways.
        System.exit(execute(
                args,
                PlainCommandLine.writer(System.out, "sun.stdout.encoding"),
                PlainCommandLine.writer(System.err, "sun.stderr.encoding")));
    }
}
