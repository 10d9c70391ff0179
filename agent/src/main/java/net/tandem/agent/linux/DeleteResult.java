package net.tandem.agent.linux;

/** What {@link Rtnetlink#deleteAddress} did. */
public enum DeleteResult {
    DELETED,
    /** The kernel said EADDRNOTAVAIL: no such address (with that prefix) on the link. */
    NOT_PRESENT
}
