package net.tandem.agent.vrrp;

/** Told of what an instance does, on the event loop thread: logging, notify scripts, the API. */
public interface InstanceObserver {
    void onTransition(VrrpInstance instance, Transition transition);

    /** The effective priority changed (trackers, an operator's override). */
    default void onPriorityChange(VrrpInstance instance, int oldPriority, int newPriority, String reason) {}

    InstanceObserver NONE = (instance, transition) -> {};
}
