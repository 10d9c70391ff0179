package net.tandem.agent.control;

import java.util.Objects;
import net.tandem.agent.track.CheckState;

/**
 * One {@code vrrp_script} as keepalived's data dump shows it ({@code Status = GOOD|BAD}, {@code State = idle|running}),
 * whether or not an instance tracks it.
 *
 * @param status  its rise/fall verdict; {@link CheckState.Status#INIT} until the first verdict
 * @param running whether a run is in progress now
 */
public record ScriptStatus(String name, CheckState.Status status, boolean running) {
    public ScriptStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }
}
