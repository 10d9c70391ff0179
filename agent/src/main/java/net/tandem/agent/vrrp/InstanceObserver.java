package net.tandem.agent.vrrp;

/** Told of what an instance does, on the event loop thread: logging, notify scripts, the API. */
public interface InstanceObserver {
    void onTransition(VrrpInstance instance, Transition transition);

    /** The effective priority changed (trackers, an operator's override). */
    default void onPriorityChange(VrrpInstance instance, int oldPriority, int newPriority, String reason) {}

    /**
     * The Master heard an advert of a lower priority than its own (or an equal one from a lower address),
     * and answered it (keepalived's {@code notify_master_rx_lower_pri} event).
     */
    default void onLowerPriorityAdvert(VrrpInstance instance, java.net.InetAddress source, int priority) {}

    /**
     * Two routers are Master of the instance's VRID at once, as this node sees it ({@code active}), or no longer
     * are ({@link MastersHeard}). {@code masters}: the other masters heard; {@code selfMaster}: this node is one.
     */
    default void onSplitBrain(
            VrrpInstance instance, boolean active, java.util.List<MastersHeard.Master> masters, boolean selfMaster) {}

    /**
     * A reload removed the instance; it stops right after this call (its transition to INITIALIZE follows,
     * unless it had not started).
     */
    default void onRemoved(VrrpInstance instance) {}

    InstanceObserver NONE = (instance, transition) -> {};
}
