package net.tandem.agent.track;

/** What a tracker watches: keepalived's {@code track_script}, {@code track_interface}, {@code track_file},
 * {@code track_process}. */
public enum TrackerKind {
    SCRIPT("script"),
    INTERFACE("interface"),
    FILE("file"),
    PROCESS("process");

    private final String word;

    TrackerKind(String word) {
        this.word = word;
    }

    /** How the operator sees it, in log lines and on the wire ({@code Tracker.kind}). */
    public String word() {
        return word;
    }
}
