package net.tandem.agent.track;

import java.util.List;
import net.tandem.agent.config.TrackProcessConfig;

/**
 * Whether a process is one a {@code track_process} counts, by keepalived's rules (track_process.c): an exact match,
 * never a pattern ({@code process ssh} does not count sshd). Without {@code full_command} the name is compared with
 * /proc/PID/comm; with it, with the first word of the command line, and then the parameters as {@code param_match}
 * says.
 */
final class ProcessMatch {
    private ProcessMatch() {}

    static boolean matches(TrackProcessConfig c, ProcessInfo p) {
        if (!c.fullCommand()) {
            return p.comm().equals(c.process());
        }
        List<String> argv = p.commandLine();
        if (argv.isEmpty() || !argv.getFirst().equals(c.process())) {
            return false;
        }
        List<String> actual = argv.subList(1, argv.size());
        List<String> wanted = c.params();
        return switch (c.paramMatch()) {
            case NONE -> true;
            case EXACT -> actual.equals(wanted);
            case PARTIAL ->
                actual.size() >= wanted.size()
                        && actual.subList(0, wanted.size()).equals(wanted);
            case INITIAL -> initial(actual, wanted);
        };
    }

    /** The parameters as PARTIAL, except that the last configured one need only start the process's. */
    private static boolean initial(List<String> actual, List<String> wanted) {
        if (wanted.isEmpty()) {
            return true;
        }
        int last = wanted.size() - 1;
        return actual.size() >= wanted.size()
                && actual.subList(0, last).equals(wanted.subList(0, last))
                && actual.get(last).startsWith(wanted.get(last));
    }

    static int count(TrackProcessConfig c, List<ProcessInfo> table) {
        int n = 0;
        for (ProcessInfo p : table) {
            if (matches(c, p)) {
                n++;
            }
        }
        return n;
    }
}
