package net.tandem.console.ctl;

import net.tandem.proto.v1.TakeoverRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "takeover",
        mixinStandardHelpOptions = true,
        description = "This node becomes Master of INSTANCE now, until release or priority --clear.")
final class TakeoverCommand extends AgentCommand {

    @Parameters(paramLabel = "INSTANCE", description = "The vrrp_instance name, e.g. VI_1.")
    String instance;

    @Override
    int run(Connection c) {
        out().println(c.blocking()
                .takeover(TakeoverRequest.newBuilder().setInstance(instance).build())
                .getMessage());
        return ExitCodes.OK;
    }
}
