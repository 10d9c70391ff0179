package net.tandem.agent.vrrp;

/** One change of state, with the reason a person can read in the log and the console. */
public record Transition(String instance, State from, State to, String reason, long atNanos) {
    /** The log form: {@code VI_1: BACKUP -> MASTER (master down timer expired, ...)}. */
    @Override
    public String toString() {
        return instance + ": " + from + " -> " + to + " (" + reason + ")";
    }
}
