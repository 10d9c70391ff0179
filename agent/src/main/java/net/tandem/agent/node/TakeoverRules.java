package net.tandem.agent.node;

import java.util.Locale;
import java.util.OptionalInt;
import net.tandem.agent.config.IpAddresses;
import net.tandem.agent.control.ControlException;
import net.tandem.agent.control.ControlException.Kind;
import net.tandem.agent.vrrp.Ipv4;
import net.tandem.agent.vrrp.State;
import net.tandem.agent.vrrp.VrrpInstance;

/**
 * When an operator's takeover is possible, and with which priority: above the current master's,
 * at most 254 (255 belongs to the address owner), so that every RFC-conforming peer, keepalived
 * included, sees a better master and steps down at once. Read on the event loop.
 */
public final class TakeoverRules {
    private TakeoverRules() {}

    /**
     * @return the priority to advertise, or empty when the instance is already Master here
     * @throws ControlException FAILED_PRECONDITION, saying why, when a takeover cannot work
     */
    public static OptionalInt targetPriority(VrrpInstance i, boolean maintenance) throws ControlException {
        String name = i.name();
        if (maintenance) {
            throw refused("this node is in maintenance: turn it off first (tandemctl maintenance off)");
        }
        if (i.settings().isAddressOwner()) {
            throw refused(name + " is the address owner (priority 255): it is Master whenever it runs");
        }
        if (i.state() == State.MASTER) {
            return OptionalInt.empty();
        }
        if (i.state() != State.BACKUP) {
            throw refused(name + " is " + i.state() + " (" + i.lastReason() + "): it cannot serve");
        }
        if (i.masterAddress() == null) {
            throw refused(name + " has heard no master yet: there is nothing to take over from (the election ends"
                    + " within Master_Down_Interval, "
                    + String.format(Locale.ROOT, "%.2f s", i.masterDownInterval() / 1e9) + ")");
        }
        int masterPriority = i.masterPriority();
        if (masterPriority == 255) {
            throw refused("the current master of " + name + ", " + IpAddresses.show(i.masterAddress())
                    + ", is the address owner (priority 255): it cannot be outranked");
        }
        int target = Math.max(i.priority(), masterPriority + 1);
        if (target > 254) {
            // At equal priorities the higher primary address wins (RFC 5798 §6.4.3).
            if (Ipv4.compare(i.settings().primaryAddress(), i.masterAddress()) <= 0) {
                throw refused("the current master of " + name + ", "
                        + IpAddresses.show(i.masterAddress())
                        + ", advertises 254 from a higher address: it cannot be outranked");
            }
            target = 254;
        }
        return OptionalInt.of(target);
    }

    private static ControlException refused(String message) {
        return new ControlException(Kind.FAILED_PRECONDITION, message);
    }
}
