package net.tandem.agent.bench;

/** The two implementations the harness compares. */
enum Impl {
    TANDEM("Tandem"),
    KEEPALIVED("keepalived");

    final String label;

    Impl(String label) {
        this.label = label;
    }
}
