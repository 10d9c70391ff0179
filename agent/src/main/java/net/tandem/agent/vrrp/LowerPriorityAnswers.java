package net.tandem.agent.vrrp;

/**
 * How often a Master reacts to adverts it outranks (a lower priority, an equal one from a lower
 * address, or a priority 0). keepalived reacts to every one: an advert at once, a gratuitous ARP
 * burst and {@code notify_master_rx_lower_pri}, so a peer stuck in Master, or a stranger, sending
 * fast makes it send, announce and fork as fast. Tandem reacts to the first at once, as keepalived
 * does (a healed partition converges as quickly), then:
 *
 * <ul>
 *   <li>answers with an advert at most once per Advertisement_Interval: the other master hears us
 *       at least as often as our adverts go out, which is all the election needs;
 *   <li>re-announces (gratuitous ARPs, notify scripts) at most once per
 *       {@link #MIN_REANNOUNCE_SPACING} or per interval if longer: a second announcement within
 *       a second tells no client anything new. One asked for meanwhile is not dropped but done
 *       when the spacing ends (the last announcement may not have reached anyone, and the advert
 *       heard may be the other master's last), except in the first spacing of a term, whose own
 *       announcement went out after anything the old master sent.
 * </ul>
 *
 * What is left out is counted ({@link InstanceCounters#lowerPriorityAnswersLimited}).
 */
final class LowerPriorityAnswers {
    static final long MIN_REANNOUNCE_SPACING = InstanceSettings.SECOND;

    /** What to do with a re-announcement asked for now. */
    enum Reannounce {
        /** Do it now. */
        NOW,
        /** Too soon after the last one: do it when the spacing ends ({@link #nextReannounceAt}). */
        LATER,
        /** Too soon after this term's own announcement, which went out after anything the other sent. */
        NO
    }

    private final MinimumSpacing answers = new MinimumSpacing();
    private final MinimumSpacing reannouncements = new MinimumSpacing();
    /** The last re-announcement was the term's own announcement (becoming Master). */
    private boolean lastWasNewTerm;

    boolean mayAnswer(long now, long advertInterval) {
        return answers.tryAcquire(now, advertInterval);
    }

    Reannounce reannounce(long now, long advertInterval) {
        if (reannouncements.tryAcquire(now, spacing(advertInterval))) {
            lastWasNewTerm = false;
            return Reannounce.NOW;
        }
        return lastWasNewTerm ? Reannounce.NO : Reannounce.LATER;
    }

    /** When a re-announcement left out now may be done. */
    long nextReannounceAt(long advertInterval) {
        return reannouncements.last() + spacing(advertInterval);
    }

    /**
     * A new term as Master answers at once again. Its own announcement (the gratuitous ARPs and the
     * MASTER notify of becoming Master) goes out now, so it counts as the latest re-announcement: the
     * old master's advert as it steps down (which every master sends, see VrrpInstance) arrives
     * within a LAN's latency, and a second burst and notify then would tell nobody anything new.
     */
    void newTerm(long now) {
        answers.reset();
        reannouncements.doneAt(now);
        lastWasNewTerm = true;
    }

    private static long spacing(long advertInterval) {
        return Math.max(MIN_REANNOUNCE_SPACING, advertInterval);
    }
}
