package net.tandem.console.ctl;

import net.tandem.proto.v1.ReleaseRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Give INSTANCE away: advertise priority 0 and stay Backup; the best backup takes over.")
final class ReleaseCommand extends AgentCommand {

    @Parameters(paramLabel = "INSTANCE", description = "The vrrp_instance name, e.g. VI_1.")
    String instance;

    @Override
    int run(Connection c) {
        out().println(c.blocking()
                .release(ReleaseRequest.newBuilder().setInstance(instance).build())
                .getMessage());
        return ExitCodes.OK;
    }
}
