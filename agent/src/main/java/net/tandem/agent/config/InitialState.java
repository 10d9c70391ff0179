package net.tandem.agent.config;

/**
 * An instance's {@code state}: the state it starts in. keepalived starts every instance as BACKUP unless told
 * MASTER, and an address owner (priority 255) as MASTER whatever this says.
 */
public enum InitialState {
    MASTER,
    BACKUP
}
