package net.tandem.agent.track;

import java.util.List;

/**
 * One running process as a {@code track_process} sees it.
 *
 * @param comm        its name as the kernel keeps it (/proc/PID/comm: at most 15 characters)
 * @param commandLine its argv (/proc/PID/cmdline); empty when not read, and for kernel threads
 */
public record ProcessInfo(int pid, String comm, List<String> commandLine) {
    public ProcessInfo {
        commandLine = List.copyOf(commandLine);
    }
}
