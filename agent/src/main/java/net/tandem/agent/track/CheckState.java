package net.tandem.agent.track;

/**
 * keepalived's rise/fall counter for one {@code vrrp_script} (vrrp_scheduler.c, as documented in
 * keepalived.conf(5)): OK after {@code rise} consecutive successes, failed after {@code fall}
 * consecutive failures. One counter, {@code result}, runs from 0 (failed, no success yet) to
 * {@code rise + fall - 1} (OK, no failure yet); values below {@code rise} mean failed.
 *
 * <p>The initial state is keepalived's too: by default a script starts undecided and its first
 * result decides at once, whatever rise and fall say ("one success is enough", and one failure
 * too); with {@code init_fail} it starts failed and needs {@code rise} successes.
 */
public final class CheckState {
    public enum Status {
        INIT,
        OK,
        FAILED
    }

    private final int rise;
    private final int fall;
    private int result;
    private Status status;

    public CheckState(int rise, int fall, boolean initFail) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1: " + rise + ", " + fall);
        }
        this.rise = rise;
        this.fall = fall;
        this.result = initFail ? 0 : rise - 1;
        this.status = initFail ? Status.FAILED : Status.INIT;
    }

    public Status status() {
        return status;
    }

    /** Records one run; returns true when the status changed (INIT counts as a change). */
    public boolean record(boolean success) {
        Status before = status;
        if (success) {
            if (result < rise - 1) {
                result++;
            } else {
                result = rise + fall - 1;
                status = Status.OK;
            }
        } else {
            if (result > rise) {
                result--;
            } else {
                if (result == rise || status == Status.INIT) {
                    status = Status.FAILED;
                }
                result = 0;
            }
        }
        return status != before;
    }

    /** Consecutive results still needed to change the status (for log lines). */
    public int toChange() {
        return switch (status) {
            case INIT -> 1;
            case OK -> result - rise + 1;
            case FAILED -> rise - result;
        };
    }
}
