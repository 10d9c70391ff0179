package net.tandem.agent.linux;

import net.tandem.agent.config.VmacConfig;

/**
 * The virtual router MAC address of RFC 5798 §7.3 (RFC 3768 §7.3 for IPv4): 00-00-5E-00-01-{VRID} for IPv4 and
 * 00-00-5E-00-02-{VRID} for IPv6, the address a VMAC interface carries.
 */
public final class VirtualRouterMac {

    private VirtualRouterMac() {}

    /** For an instance of {@code family} ({@link Libc#AF_INET} or AF_INET6, 10) and VRID 1..255. */
    public static MacAddress of(int family, int virtualRouterId) {
        if (family != Libc.AF_INET && family != AF_INET6) {
            throw new IllegalArgumentException("no virtual router MAC for address family " + family);
        }
        return MacAddress.of(VmacConfig.virtualRouterMac(family == AF_INET6, virtualRouterId));
    }

    /** 00:00:5e:00:01:VRID. */
    public static MacAddress ipv4(int virtualRouterId) {
        return of(Libc.AF_INET, virtualRouterId);
    }

    /** linux/socket.h; here until the IPv6 data plane brings it to {@link Libc}. */
    static final int AF_INET6 = 10;
}
