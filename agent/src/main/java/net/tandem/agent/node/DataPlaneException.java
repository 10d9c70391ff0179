package net.tandem.agent.node;

/**
 * The machine cannot give an instance what it needs (no such interface, no address to send
 * from, a socket that will not open); the message names the instance and says what to do.
 */
public final class DataPlaneException extends Exception {
    public DataPlaneException(String message) {
        super(message);
    }

    public DataPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
