package net.tandem.agent.track;

import java.util.List;

/**
 * Where {@code track_process} learns which processes run: {@link ProcProcessTable} reads /proc; tests give a table
 * of their own. Called off the event loop.
 */
@FunctionalInterface
public interface ProcessTable {
    /**
     * The processes running now, zombies left out.
     *
     * @param commandLines whether to read each command line too: only a {@code full_command} tracker needs it, and
     *                     reading it touches the process's memory (swapped-out pages come back in), so keepalived
     *                     avoids it when it can, and so does Tandem
     */
    List<ProcessInfo> snapshot(boolean commandLines);
}
