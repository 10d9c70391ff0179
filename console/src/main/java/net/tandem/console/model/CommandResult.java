package net.tandem.console.model;

/** The outcome of a command: what the agent said it did, or why it refused or could not be reached. */
public record CommandResult(boolean ok, String message) {
    public static CommandResult ok(String message) {
        return new CommandResult(true, message);
    }

    public static CommandResult failed(String message) {
        return new CommandResult(false, message);
    }
}
