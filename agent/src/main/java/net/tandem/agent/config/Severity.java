package net.tandem.agent.config;

/** How bad a {@link Diagnostic} is: an error makes the configuration unusable, a warning does not. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed in a diagnostic line, as compilers print it. */
    public String label() {
        return label;
    }
}
