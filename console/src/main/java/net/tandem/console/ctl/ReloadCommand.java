package net.tandem.console.ctl;

import net.tandem.proto.v1.ReloadRequest;
import net.tandem.proto.v1.ReloadResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = "Re-read the agent's configuration file, as SIGHUP does; a bad file changes nothing (exit 1).")
final class ReloadCommand extends AgentCommand {

    @Option(names = "--json", description = "The result as JSON.")
    boolean json;

    @Override
    int run(Connection c) {
        ReloadResponse r = c.blocking().reload(ReloadRequest.getDefaultInstance());
        if (json) {
            out().println(Json.pretty(r));
        } else {
            r.getDiagnosticsList().forEach(out()::println);
            out().println(r.getSummary());
        }
        return r.getApplied() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
