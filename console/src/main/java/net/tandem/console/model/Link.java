package net.tandem.console.model;

/** How the console is connected to a node right now. */
public enum Link {
    /** The first watch is being opened; nothing is known yet. */
    CONNECTING,
    /** A watch stream is open and its snapshot has arrived: what the console shows is live. */
    CONNECTED,
    /** The node could not be reached or its stream broke; the console retries with backoff. */
    UNREACHABLE
}
