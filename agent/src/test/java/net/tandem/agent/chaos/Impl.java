package net.tandem.agent.chaos;

/** What runs on the nodes: the same keepalived.conf files are read by both. */
public enum Impl {
    TANDEM("tandem"),
    KEEPALIVED("keepalived");

    private final String label;

    Impl(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Impl of(String label) {
        for (Impl i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no implementation called " + label + " (tandem, keepalived)");
    }
}
