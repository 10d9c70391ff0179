package net.tandem.console.ctl;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The command lines that scripts and operators type most ({@code status [--json]}, {@code takeover INSTANCE},
 * {@code release INSTANCE}, after the connection options, each once, as {@code --opt VALUE} or {@code --opt=VALUE}),
 * parsed and run without picocli. Its classes are Java 5 bytecode, which the AOT cache cannot hold: each call loaded
 * and verified ~170 of them and built the whole command model by reflection, a third of a status call's time.
 * Anything else (help, version, completion, the other commands, a mistake, a form picocli would read differently)
 * makes {@link #parse} return null and goes to picocli, which stays the one place that prints the usage and the
 * usage errors. What a command does and the errors it reports are the commands' own, as with picocli.
 */
final class PlainCommandLine {

    private static final Set<String> VALUED =
            Set.of("--target", "--token-file", "--ca", "--cert", "--key", "--timeout");
    /** Every name picocli knows as a subcommand: never taken as an option's value here (picocli may differ). */
    private static final Set<String> SUBCOMMANDS =
            Set.of("status", "watch", "takeover", "release", "priority", "maintenance", "reload", "completion", "help");

    private final TandemCtl options;
    private final AgentCommand command;

    private PlainCommandLine(TandemCtl options, AgentCommand command) {
        this.options = options;
        this.command = command;
    }

    /** The parsed options, as picocli would have set them (for tests). */
    TandemCtl options() {
        return options;
    }

    /** The command to run, its own options set (for tests). */
    AgentCommand command() {
        return command;
    }

    /** The options and command of {@code args}, or null when picocli must read them. */
    static PlainCommandLine parse(String[] args) {
        TandemCtl o = new TandemCtl();
        o.target = TandemCtl.DEFAULT_TARGET;
        o.timeoutSeconds = Long.parseLong(TandemCtl.DEFAULT_TIMEOUT);
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!seen.add(name)) {
                return null; // picocli says "should be specified only once"
            }
            if (name.equals("--verbose") && value == null) {
                o.verbose = true;
                continue;
            }
            if (!VALUED.contains(name)) {
                return null; // -h, --version, a typo, a short option cluster, "--"
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    return null;
                }
                value = args[++i];
            }
            if (!plainValue(value)) {
                return null; // picocli refuses even --target=status ("Expected parameter for option")
            }
            switch (name) {
                case "--target" -> o.target = value;
                case "--token-file" -> o.tokenFile = Path.of(value);
                case "--ca" -> o.ca = Path.of(value);
                case "--cert" -> o.cert = Path.of(value);
                case "--key" -> o.key = Path.of(value);
                default -> {
                    if (!value.matches("[0-9]{1,9}")) {
                        return null; // picocli's conversion and its message
                    }
                    o.timeoutSeconds = Long.parseLong(value);
                }
            }
        }
        if (i == args.length) {
            return null;
        }
        String name = args[i++];
        int rest = args.length - i;
        AgentCommand command;
        switch (name) {
            case "status" -> {
                StatusCommand status = new StatusCommand();
                if (rest == 1 && args[i].equals("--json")) {
                    status.json = true;
                } else if (rest != 0) {
                    return null;
                }
                command = status;
            }
            case "takeover", "release" -> {
                if (rest != 1 || !plainValue(args[i])) {
                    return null;
                }
                if (name.equals("takeover")) {
                    TakeoverCommand takeover = new TakeoverCommand();
                    takeover.instance = args[i];
                    command = takeover;
                } else {
                    ReleaseCommand release = new ReleaseCommand();
                    release.instance = args[i];
                    command = release;
                }
            }
            default -> {
                return null;
            }
        }
        command.options = o;
        return new PlainCommandLine(o, command);
    }

    /**
     * A word picocli surely takes as a value, as this class does: not an option or {@code --} (a dash), not an
     * argument file ({@code @FILE}, which picocli expands), not empty, not a subcommand's name.
     */
    private static boolean plainValue(String word) {
        return !word.isEmpty() && !word.startsWith("-") && !word.startsWith("@") && !SUBCOMMANDS.contains(word);
    }

    /**
     * Runs the command as picocli's {@code execute} does with {@link TandemCtl#commandLine()}: its exit code, or the
     * failure in one line on {@code err} ({@link ExitCodes#describe}) and the exit code for it.
     */
    int execute(PrintWriter out, PrintWriter err) {
        command.out = out;
        try {
            return command.call();
        } catch (Exception e) {
            err.println("tandemctl: " + ExitCodes.describe(e, options));
            err.flush();
            return ExitCodes.of(e);
        } finally {
            out.flush();
        }
    }

    /** A writer on standard output or error with the charset picocli would use for it (its getOut, getErr). */
    static PrintWriter writer(OutputStream stream, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset = Charset.defaultCharset();
        if (encoding != null) {
            try {
                charset = Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
            } catch (RuntimeException unknown) {
                // picocli falls back to the default too
            }
        }
        return new PrintWriter(new java.io.BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
