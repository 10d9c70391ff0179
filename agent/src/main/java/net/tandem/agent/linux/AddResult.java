package net.tandem.agent.linux;

/** What {@link Rtnetlink#addAddress} did: a present address is not an error, but it is worth knowing. */
public enum AddResult {
    ADDED,
    /** The kernel said EEXIST: the same address and prefix was already on the link. */
    ALREADY_PRESENT
}
