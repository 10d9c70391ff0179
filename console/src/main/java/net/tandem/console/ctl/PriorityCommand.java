package net.tandem.console.ctl;

import net.tandem.proto.v1.ClearPriorityRequest;
import net.tandem.proto.v1.SetPriorityRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "priority",
        mixinStandardHelpOptions = true,
        description = "Override INSTANCE's priority (1..254), or --clear any override.")
final class PriorityCommand extends AgentCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "The vrrp_instance name, e.g. VI_1.")
    String instance;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "The priority, 1..254.")
    Integer priority;

    @Option(names = "--clear", description = "Remove the override (takeover, release or priority N).")
    boolean clear;

    @Override
    int run(Connection c) {
        if (clear == (priority != null)) {
            throw new ParameterException(spec.commandLine(), "give either N or --clear");
        }
        String message = clear
                ? c.blocking()
                        .clearPriority(ClearPriorityRequest.newBuilder()
                                .setInstance(instance)
                                .build())
                        .getMessage()
                : c.blocking()
                        .setPriority(SetPriorityRequest.newBuilder()
                                .setInstance(instance)
                                .setPriority(priority)
                                .build())
                        .getMessage();
        out().println(message);
        return ExitCodes.OK;
    }
}
