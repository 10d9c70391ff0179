package net.tandem.client;

/**
 * The client's settings cannot be used, found before any connection is tried: a target that is not
 * HOST:PORT, an unreadable certificate or token file, a token that would go over the network in plain
 * text. The message says what is wrong and what to do; tandemctl exits with its usage code.
 */
public final class ClientSetupException extends RuntimeException {
    public ClientSetupException(String message) {
        super(message);
    }

    public ClientSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
