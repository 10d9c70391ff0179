package net.tandem.console.ctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the connection options of {@code tandemctl} and the output writer. */
abstract class AgentCommand implements Callable<Integer> {

    @ParentCommand
    TandemCtl options;

    @Spec
    CommandSpec spec;

    /** Set when run without picocli ({@link PlainCommandLine}); picocli's writer otherwise. */
    PrintWriter out;

    PrintWriter out() {
        return out != null ? out : spec.commandLine().getOut();
    }

    @Override
    public final Integer call() throws Exception {
        try (Connection c = Connection.open(options)) {
            int code = run(c);
            out().flush();
            return code;
        }
    }

    abstract int run(Connection c) throws Exception;
}
