package net.tandem.console.model;

/** An instance's state as an agent reports it (keepalived's numbering: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT). */
public enum VrrpState {
    INITIALIZE,
    BACKUP,
    MASTER,
    FAULT;

    /** The word the console shows; INITIALIZE is shortened to fit the state column. */
    public String label() {
        return this == INITIALIZE ? "INIT" : name();
    }
}
