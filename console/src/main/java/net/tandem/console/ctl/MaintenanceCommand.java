package net.tandem.console.ctl;

import net.tandem.proto.v1.SetMaintenanceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "maintenance",
        mixinStandardHelpOptions = true,
        description = "on: the node gives every address away and stays Backup. off: back to normal election.")
final class MaintenanceCommand extends AgentCommand {

    enum Switch {
        on,
        off
    }

    @Parameters(paramLabel = "on|off", description = "on or off.")
    Switch value;

    @Override
    int run(Connection c) {
        out().println(c.blocking()
                .setMaintenance(SetMaintenanceRequest.newBuilder()
                        .setOn(value == Switch.on)
                        .build())
                .getMessage());
        return ExitCodes.OK;
    }
}
