package net.tandem.console.ctl;

import java.util.Iterator;
import net.tandem.proto.v1.Event;
import net.tandem.proto.v1.WatchEventsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "The status, then every event as it happens, until interrupted or the agent stops.")
final class WatchCommand extends AgentCommand {

    @Option(names = "--json", description = "One JSON object per event and line (JSON Lines).")
    boolean json;

    @Override
    int run(Connection c) {
        Iterator<Event> events = c.streaming().watchEvents(WatchEventsRequest.getDefaultInstance());
        while (events.hasNext()) {
            Event e = events.next();
            out().println(json ? Json.line(e) : human(e));
            out().flush();
        }
        return ExitCodes.OK;
    }

    static String human(Event e) {
        String at = StatusTable.millis(e.getAt());
        return switch (e.getKindCase()) {
            case SNAPSHOT ->
                (e.getSnapshot().getEventsDropped() > 0
                                ? at + " (too slow: " + e.getSnapshot().getEventsDropped()
                                        + " events missed; status now)\n"
                                : "")
                        + StatusTable.render(e.getSnapshot().getStatus()).stripTrailing();
            case TRANSITION ->
                at + " " + e.getTransition().getInstance() + ": "
                        + e.getTransition().getFrom() + " -> "
                        + e.getTransition().getTo() + " (" + e.getTransition().getReason() + ")";
            case PRIORITY ->
                at + " " + e.getPriority().getInstance() + ": priority "
                        + e.getPriority().getOldPriority() + " -> "
                        + e.getPriority().getNewPriority() + " ("
                        + e.getPriority().getReason() + ")";
            case TRACKER ->
                at + " " + e.getTracker().getInstance() + ": " + e.getTracker().getTracker() + " "
                        + (e.getTracker().getOk() ? "ok" : "FAILED")
                        + (e.getTracker().getDetail().isEmpty()
                                ? ""
                                : " (" + e.getTracker().getDetail() + ")");
            case COMMAND ->
                at + " command " + e.getCommand().getCommand() + ": "
                        + e.getCommand().getOutcome();
            case ADVERT_TIMING ->
                at + " " + e.getAdvertTiming().getInstance() + ": last advert "
                        + (e.getAdvertTiming().hasLastAdvertReceivedAgo()
                                ? "received "
                                        + StatusTable.human(e.getAdvertTiming().getLastAdvertReceivedAgo()) + " ago"
                                : "never received")
                        + (e.getAdvertTiming().hasMasterDownRemaining()
                                ? ", master down in "
                                        + StatusTable.human(e.getAdvertTiming().getMasterDownRemaining())
                                : "");
            case SPLIT_BRAIN ->
                at + " " + e.getSplitBrain().getInstance() + ": "
                        + (e.getSplitBrain().getActive() ? "SPLIT BRAIN: " : "split brain over: ")
                        + e.getSplitBrain().getDetail();
            case KIND_NOT_SET -> at + " (an event this tandemctl does not know)";
        };
    }
}
