package net.tandem.agent.linux;

/**
 * A network interface as rtnetlink reports it (struct ifinfomsg + IFLA_IFNAME,
 * IFLA_ADDRESS). {@code mac} is null for links without a link-layer address.
 */
public record Link(int index, String name, int flags, MacAddress mac) {

    // linux/if.h, enum net_device_flags
    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up (ip link set NAME up). */
    public boolean isAdminUp() {
        return (flags & IFF_UP) != 0;
    }

    /** Operationally up (RFC 2863 operstate UP): IFF_RUNNING. */
    public boolean isRunning() {
        return (flags & IFF_RUNNING) != 0;
    }

    /** The driver reports carrier (IFF_LOWER_UP). */
    public boolean hasCarrier() {
        return (flags & IFF_LOWER_UP) != 0;
    }

    /** Usable for VRRP, as keepalived judges it: IFF_UP and IFF_RUNNING. */
    public boolean isUp() {
        return isAdminUp() && isRunning();
    }
}
