package net.tandem.agent.vrrp;

import net.tandem.agent.vrrp.packet.DiscardReason;

/**
 * What an instance has done, counted: the figures of keepalived's stats and exporters
 * (advert_sent, advert_rcvd, become_master, release_master, pri_zero_*, one per discard reason).
 * Written only on the event loop thread.
 */
public final class InstanceCounters {
    long advertsSent;
    long advertsReceived;
    long becomeMaster;
    long releaseMaster;
    long priorityZeroSent;
    long priorityZeroReceived;
    long gratuitousArpBursts;
    long transitions;
    long masterAdverIntervalChanges;
    long lowerPriorityAnswersLimited;
    private final long[] discards = new long[DiscardReason.values().length];

    public long advertsSent() {
        return advertsSent;
    }

    public long advertsReceived() {
        return advertsReceived;
    }

    public long becomeMaster() {
        return becomeMaster;
    }

    public long releaseMaster() {
        return releaseMaster;
    }

    public long priorityZeroSent() {
        return priorityZeroSent;
    }

    public long priorityZeroReceived() {
        return priorityZeroReceived;
    }

    public long gratuitousArpBursts() {
        return gratuitousArpBursts;
    }

    public long transitions() {
        return transitions;
    }

    /** v3: how often the Master_Adver_Interval learned from the master changed (bounded, see MasterAdverIntervalBound). */
    public long masterAdverIntervalChanges() {
        return masterAdverIntervalChanges;
    }

    /** Answers to outranked adverts (advert, or gratuitous ARPs and notify) left out by the rate limit. */
    public long lowerPriorityAnswersLimited() {
        return lowerPriorityAnswersLimited;
    }

    public long discarded(DiscardReason reason) {
        return discards[reason.ordinal()];
    }

    /** @return the count after this discard */
    long discard(DiscardReason reason) {
        return ++discards[reason.ordinal()];
    }
}
