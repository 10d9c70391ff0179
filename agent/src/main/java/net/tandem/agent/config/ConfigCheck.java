package net.tandem.agent.config;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code tandem-agent -f FILE --check}: reads a configuration, prints every diagnostic and a one-line summary, and
 * says through its exit code whether the configuration is usable, like {@code keepalived -t}.
 */
public final class ConfigCheck {

    /** Exit code: the configuration is usable (warnings allowed). */
    public static final int OK = 0;
    /** Exit code: at least one error. */
    public static final int ERRORS = 1;

    private ConfigCheck() {}

    /**
     * Diagnostics go to {@code err}, one per line, in the order found; the summary
     * ({@code conf/x.conf: 2 instances, 0 errors, 1 warning}) goes to {@code out}.
     *
     * @return {@link #OK} or {@link #ERRORS}
     */
    public static int run(Path file, PrintWriter out, PrintWriter err) {
        ConfigResult result = ConfigLoader.load(file);
        for (Diagnostic diagnostic : result.diagnostics()) {
            err.println(diagnostic);
        }
        err.flush();
        out.println(summary(file, result));
        out.flush();
        return result.hasErrors() ? ERRORS : OK;
    }

    static String summary(Path file, ConfigResult result) {
        return file + ": " + count(result.config().instances().size(), "instance") + ", "
                + count(result.errors().size(), "error") + ", "
                + count(result.warnings().size(), "warning");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
