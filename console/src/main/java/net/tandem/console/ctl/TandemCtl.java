package net.tandem.console.ctl;

/** tandemctl: scripts' access to the agents. Not built yet: it needs the control API first. */
public final class TandemCtl {
    private TandemCtl() {}

    public static void main(String[] args) {
        System.err.println("tandemctl: not available yet: it talks to the agent's control API, "
                + "which does not exist yet (see the project's open issues).");
        System.exit(3);
    }
}
