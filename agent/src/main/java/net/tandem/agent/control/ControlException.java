package net.tandem.agent.control;

/**
 * A command that could not be carried out, and why; nothing was changed. The kind maps to a gRPC
 * status (INVALID_ARGUMENT, FAILED_PRECONDITION) and to tandemctl's exit codes.
 */
public final class ControlException extends Exception {
    public enum Kind {
        /** The request itself is wrong: unknown instance, priority out of range. */
        INVALID_ARGUMENT,
        /** The request is fine but the node's state forbids it: takeover of an address owner, an instance in FAULT. */
        FAILED_PRECONDITION
    }

    private final Kind kind;

    public ControlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
