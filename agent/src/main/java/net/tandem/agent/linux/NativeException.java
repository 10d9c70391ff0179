package net.tandem.agent.linux;

import java.io.IOException;

/**
 * A system call or netlink request failed. The message names the call, what it
 * was about (interface, address), the errno by name, and what an operator can do
 * about it, e.g.:
 * <pre>
 * socket(AF_INET, SOCK_RAW, IPPROTO_VRRP) failed on interface eth0: EPERM (Operation not permitted):
 * needs CAP_NET_RAW (raw sockets) / CAP_NET_ADMIN (addresses): run as root or grant the capability
 * </pre>
 */
public final class NativeException extends IOException {

    private final String call;
    private final int errno;
    private final String interfaceName;

    /**
     * @param call          the call as a reader would recognise it, e.g. "setsockopt(SO_BINDTODEVICE)"
     * @param errno         the errno the call reported (positive)
     * @param interfaceName the interface concerned, or null
     * @param subject       what else the call was about, e.g. "address 192.0.2.8/32", or null
     */
    public NativeException(String call, int errno, String interfaceName, String subject) {
        super(format(call, errno, interfaceName, subject));
        this.call = call;
        this.errno = errno;
        this.interfaceName = interfaceName;
    }

    public String call() {
        return call;
    }

    /** The raw errno value. */
    public int errno() {
        return errno;
    }

    /** Whether this failure was {@code e}. */
    public boolean is(Errno e) {
        return e.is(errno);
    }

    /** The interface concerned, or null. */
    public String interfaceName() {
        return interfaceName;
    }

    static String format(String call, int errno, String interfaceName, String subject) {
        StringBuilder sb = new StringBuilder(call).append(" failed");
        if (subject != null) {
            sb.append(" for ").append(subject);
        }
        if (interfaceName != null) {
            sb.append(" on interface ").append(interfaceName);
        }
        sb.append(": ").append(Errno.describe(errno));
        String hint = hint(call, errno, interfaceName);
        if (hint != null) {
            sb.append(": ").append(hint);
        }
        return sb.toString();
    }

    /** What to do about {@code errno}; null when there is nothing useful to say. */
    static String hint(String call, int errno, String interfaceName) {
        String ifname = interfaceName != null ? interfaceName : "given";
        if (Errno.EPERM.is(errno) || Errno.EACCES.is(errno)) {
            if (call.startsWith("setns") || call.startsWith("open")) {
                return "needs CAP_SYS_ADMIN to enter a network namespace: run as root";
            }
            return "needs CAP_NET_RAW (raw sockets) / CAP_NET_ADMIN (addresses): "
                    + "run as root or grant the capability "
                    + "(setcap cap_net_raw,cap_net_admin+ep, or AmbientCapabilities= in the systemd unit)";
        }
        if (Errno.ENODEV.is(errno) || Errno.ENXIO.is(errno)) {
            return "no such interface " + ifname + ": check the interface name (ip link show)";
        }
        if (Errno.EADDRNOTAVAIL.is(errno)) {
            return "the address is not configured on interface " + ifname
                    + " (or the prefix length differs): check ip -4 addr show dev " + ifname;
        }
        if (Errno.EEXIST.is(errno)) {
            return "the address is already present on interface " + ifname;
        }
        if (Errno.ENOBUFS.is(errno)) {
            return "the kernel ran out of socket buffer space (or netlink events were dropped): "
                    + "raise net.core.rmem_max / wmem_max or reduce load";
        }
        if (Errno.ENETDOWN.is(errno)) {
            return "interface " + ifname + " is down: ip link set " + ifname + " up";
        }
        if (Errno.ENETUNREACH.is(errno) || Errno.EHOSTUNREACH.is(errno)) {
            return "no route to the destination through interface " + ifname + ": check its addresses and routes";
        }
        if (Errno.EMFILE.is(errno) || Errno.ENFILE.is(errno)) {
            return "too many open files: raise the limit (ulimit -n, LimitNOFILE= in the systemd unit)";
        }
        if (Errno.EAFNOSUPPORT.is(errno) || Errno.EPROTONOSUPPORT.is(errno)) {
            return "the kernel lacks support for this socket type";
        }
        if (Errno.ENOENT.is(errno) && call.startsWith("open")) {
            return "no such network namespace: check ip netns list";
        }
        return null;
    }
}
