package net.tandem.console.model;

/**
 * What a {@link NodeConnection} tells the console. Called on the connection's own threads: an
 * implementation hands each call over (to the GUI thread) and returns at once.
 */
public interface NodeListener {
    /** A watch stream is being opened (first time or again). */
    void connecting();

    /** The full state of the node; replaces whatever was known (the first message of every stream). */
    void snapshot(NodeSnapshot snapshot);

    void event(NodeEvent event);

    /** The node cannot be reached or the stream broke; the connection retries after {@code retryInNanos}. */
    void unreachable(String reason, long retryInNanos);
}
