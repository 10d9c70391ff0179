package net.tandem.console.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.tandem.console.model.CommandResult;
import net.tandem.console.model.NodeConnection;
import net.tandem.console.model.NodeEvent;
import net.tandem.console.model.NodeListener;
import net.tandem.console.model.NodeSnapshot;

/**
 * An in-process agent for tests: the test pushes snapshots and events through it, and it records
 * the commands it receives, answering each with {@link #answer} (ok by default) at once.
 */
public final class FakeNodeConnection implements NodeConnection {
    private final String name;
    private final List<String> commands = new ArrayList<>();
    private NodeListener listener;
    private CommandResult answer = CommandResult.ok("done");
    private boolean closed;

    public FakeNodeConnection(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String target() {
        return name + ".test:7112";
    }

    @Override
    public void start(NodeListener nodeListener) {
        this.listener = nodeListener;
        nodeListener.connecting();
    }

    /** The commands received so far, as "takeover VI_1", "priority VI_1 150", "maintenance on". */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public void answerWith(CommandResult result) {
        this.answer = result;
    }

    public boolean closed() {
        return closed;
    }

    public void sendSnapshot(NodeSnapshot snapshot) {
        listener.snapshot(snapshot);
    }

    public void sendEvent(NodeEvent event) {
        listener.event(event);
    }

    public void breakLink(String reason, long retryInNanos) {
        listener.unreachable(reason, retryInNanos);
    }

    @Override
    public CompletableFuture<CommandResult> takeover(String instance) {
        return record("takeover " + instance);
    }

    @Override
    public CompletableFuture<CommandResult> release(String instance) {
        return record("release " + instance);
    }

    @Override
    public CompletableFuture<CommandResult> setPriority(String instance, int priority) {
        return record("priority " + instance + " " + priority);
    }

    @Override
    public CompletableFuture<CommandResult> clearPriority(String instance) {
        return record("clear " + instance);
    }

    @Override
    public CompletableFuture<CommandResult> setMaintenance(boolean on) {
        return record("maintenance " + (on ? "on" : "off"));
    }

    @Override
    public void close() {
        closed = true;
    }

    private CompletableFuture<CommandResult> record(String command) {
        commands.add(command);
        return CompletableFuture.completedFuture(answer);
    }
}
