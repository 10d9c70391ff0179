package net.tandem.agent.track;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a command to completion off the event loop and says how it ended. The real one is
 * {@link ProcessScriptRunner}; tests of the timing rules use a fake driven by virtual time.
 */
public interface ScriptRunner {
    /**
     * Starts {@code argv}; {@code done} is called once, on some other thread, when it has ended.
     *
     * @param name for log lines: the script's or notify's name
     */
    void run(String name, List<String> argv, Duration timeout, Consumer<Outcome> done);

    /**
     * How a run ended: an exit code, a timeout (the process group was killed), or a failure to
     * start it at all ({@code error}).
     */
    record Outcome(int exitCode, boolean timedOut, String error) {
        public static Outcome exited(int code) {
            return new Outcome(code, false, null);
        }

        public static Outcome timedOut(Duration after) {
            return new Outcome(-1, true, "timed out after " + Durations.show(after) + "; its process group was killed");
        }

        public static Outcome failed(String error) {
            return new Outcome(-1, false, error);
        }

        public boolean success() {
            return !timedOut && error == null && exitCode == 0;
        }

        /** "exit 0", "exit 1", "killed by signal 9", "timed out after 2 s; ...", "cannot start: ..." */
        public String describe() {
            if (error != null) {
                return error;
            }
            return exitCode > 128 ? "exit " + exitCode + " (signal " + (exitCode - 128) + ")" : "exit " + exitCode;
        }
    }
}
