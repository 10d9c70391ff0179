package net.tandem.console.model;

import java.util.concurrent.CompletableFuture;

/**
 * The console's link to one agent, independent of how it is carried (gRPC in production, a fake
 * in tests). {@link #start} watches the node for as long as the connection is open, reconnecting
 * by itself; commands never block the caller and their futures never complete exceptionally: a
 * failure is a {@link CommandResult} with {@code ok == false} and a message for the operator.
 */
public interface NodeConnection extends AutoCloseable {
    /** The node's name as the operator gave it (node1). */
    String name();

    /** Where it is (192.0.2.1:7112), for messages. */
    String target();

    void start(NodeListener listener);

    CompletableFuture<CommandResult> takeover(String instance);

    CompletableFuture<CommandResult> release(String instance);

    CompletableFuture<CommandResult> setPriority(String instance, int priority);

    CompletableFuture<CommandResult> clearPriority(String instance);

    CompletableFuture<CommandResult> setMaintenance(boolean on);

    /** Stops watching and reconnecting; does not throw. */
    @Override
    void close();
}
