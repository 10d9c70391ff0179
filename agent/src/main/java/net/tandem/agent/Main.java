package net.tandem.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.tandem.agent.config.ConfigCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem-agent}: the per-node daemon's command line. Deliberately thin: what each option does lives in the
 * package that owns it. Exit codes: 0 ok, 1 configuration errors, 2 usage error, 3 cannot run.
 */
@Command(name = "tandem-agent", mixinStandardHelpOptions = true, version = "tandem-agent 0.1.0",
        description = "Keeps virtual IP addresses alive with VRRP, reading keepalived.conf syntax.")
public final class Main implements Callable<Integer> {

    /** Exit code when the agent cannot run at all. */
    static final int CANNOT_RUN = 3;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--use-file"}, required = true, paramLabel = "FILE",
            description = "Configuration file, in keepalived.conf syntax.")
    Path configFile;

    @Option(names = "--check", description = "Check the configuration, print every problem, and exit"
            + " (0 if usable, 1 if not), like keepalived -t.")
    boolean check;

    @Option(names = "--control", paramLabel = "ADDR:PORT",
            description = "Where the control API listens (default 127.0.0.1:7112).")
    String control;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (check) {
            return ConfigCheck.run(configFile, out, err);
        }
        err.println("tandem-agent: running the agent needs the data plane, which is not built yet; use --check");
        err.flush();
        return CANNOT_RUN;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
