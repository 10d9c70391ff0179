package net.tandem.agent.linux;

/** What {@link LinkMonitor} reports: a link or an IPv4 address changed, or events were lost. */
public sealed interface NetlinkEvent {

    /**
     * A link appeared or changed (RTM_NEWLINK) or went away (RTM_DELLINK).
     * {@code up} is keepalived's judgement, IFF_UP and IFF_RUNNING, and false
     * for a removed link. The kernel sends one for many changes besides up/down
     * (MTU, promiscuity...): compare with the last state you saw.
     */
    record LinkEvent(int ifindex, String name, boolean up, int flags, boolean removed) implements NetlinkEvent {}

    /** An IPv4 address was added (RTM_NEWADDR) or removed (RTM_DELADDR), by us or behind our back. */
    record AddressEvent(LinkAddress address, boolean added) implements NetlinkEvent {}

    /**
     * The kernel dropped events for us (ENOBUFS: we fell behind). Re-read the
     * state you depend on with {@link Rtnetlink}.
     */
    record EventsLost() implements NetlinkEvent {}
}
