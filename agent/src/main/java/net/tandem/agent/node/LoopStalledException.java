package net.tandem.agent.node;

/** The event loop did not answer a {@link NodeLoop#call} in time: the node is stalled or stopping. */
public final class LoopStalledException extends RuntimeException {
    public LoopStalledException(String message) {
        super(message);
    }
}
