package net.tandem.console.ctl;

/** tandemctl's connection options cannot be used (a missing token file, an unreadable certificate). */
final class ConnectionException extends RuntimeException {
    ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    ConnectionException(String message) {
        super(message);
    }
}
