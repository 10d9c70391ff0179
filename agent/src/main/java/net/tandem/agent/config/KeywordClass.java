package net.tandem.agent.config;

/**
 * What Tandem does with a keyword of keepalived's configuration. Every keyword is in exactly one class, so that a
 * keepalived file either behaves the same under Tandem or stops the start with an error saying what to do.
 */
public enum KeywordClass {
    /** Read and acted on as keepalived does. */
    HONOURED("honoured"),
    /**
     * Read, warned about and ignored. Only for keywords that cannot change who is master or which addresses are
     * held: mail, SNMP, LVS, process tuning.
     */
    ACCEPTED("accepted with a warning (ignored)"),
    /** An error: the explanation says what to write instead. */
    REFUSED("refused");

    private final String label;

    KeywordClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
