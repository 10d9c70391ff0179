package net.tandem.agent.linux;

/**
 * A link as rtnetlink reports it, with what tells a VMAC interface of ours apart from anything else: its kind
 * (IFLA_INFO_KIND), the link it sits on (IFLA_LINK) and its macvlan mode.
 *
 * @param parentIndex  IFLA_LINK, 0 when the link has none
 * @param kind         IFLA_INFO_KIND ("macvlan", "veth", ...), "" for a link without one (a physical NIC)
 * @param macvlanMode  IFLA_MACVLAN_MODE, 0 when not a macvlan or not reported
 * @param group        IFLA_GROUP, the interface group (0, "default", when not reported)
 */
record VmacLink(Link link, int parentIndex, String kind, int macvlanMode, int group) {

    /** linux/if_link.h, enum macvlan_mode. */
    static final int MACVLAN_MODE_PRIVATE = 1;

    /** A private-mode macvlan on {@code parent} with {@code mac}: what Tandem makes, and nothing else is deleted. */
    boolean isOurs(int parent, MacAddress mac) {
        return kind.equals("macvlan") && parentIndex == parent && mac.equals(link.mac());
    }

    @Override
    public String toString() {
        return link.name() + " (" + (kind.isEmpty() ? "no kind" : kind) + ", on #" + parentIndex + ", MAC " + link.mac()
                + ")";
    }
}
