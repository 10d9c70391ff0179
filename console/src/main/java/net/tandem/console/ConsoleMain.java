package net.tandem.console;

/** tandem-console: the live terminal console. Not built yet: it needs the control API first. */
public final class ConsoleMain {
    private ConsoleMain() {}

    public static void main(String[] args) {
        System.err.println("tandem-console: not available yet: the console is built on the agent's control API, "
                + "which does not exist yet (see the project's open issues).");
        System.exit(3);
    }
}
