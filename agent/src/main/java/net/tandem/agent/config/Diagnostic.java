package net.tandem.agent.config;

import java.util.Objects;

/**
 * One problem found in a configuration. Problems are data, not exceptions, so that a check can report all of them
 * at once instead of stopping at the first.
 */
public record Diagnostic(Severity severity, SourcePos pos, String message) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(SourcePos pos, String message) {
        return new Diagnostic(Severity.ERROR, pos, message);
    }

    public static Diagnostic warning(SourcePos pos, String message) {
        return new Diagnostic(Severity.WARNING, pos, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error: message}, the form compilers use. */
    @Override
    public String toString() {
        return pos + ": " + severity.label() + ": " + message;
    }
}
