package net.tandem.console.ctl;

import net.tandem.proto.v1.GetStatusRequest;
import net.tandem.proto.v1.GetStatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "The node and every instance: state, priorities, master, addresses, timers, counters.")
final class StatusCommand extends AgentCommand {

    @Option(names = "--json", description = "Everything, as JSON (camelCase keys, stable).")
    boolean json;

    @Override
    int run(Connection c) {
        GetStatusResponse s = c.blocking().getStatus(GetStatusRequest.getDefaultInstance());
        out().print(json ? Json.pretty(s) + "\n" : StatusTable.render(s));
        return ExitCodes.OK;
    }
}
