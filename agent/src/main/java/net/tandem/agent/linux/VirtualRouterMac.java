package net.tandem.agent.linux;

/**
 * The virtual router MAC address of RFC 5798 §7.3 (RFC 3768 §7.3 for IPv4): 00-00-5E-00-01-{VRID} for IPv4 and
 * 00-00-5E-00-02-{VRID} for IPv6, the address a VMAC interface carries.
 */
public final class VirtualRouterMac {

    private VirtualRouterMac() {}

    /** For an instance of {@code family} ({@link Libc#AF_INET} or AF_INET6, 10) and VRID 1..255. */
    public static MacAddress of(int family, int virtualRouterId) {
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new IllegalArgumentException("a VRID is 1..255, got " + virtualRouterId);
        }
        byte kind = switch (family) {
            case Libc.AF_INET -> 0x01;
            case AF_INET6 -> 0x02;
            default -> throw new IllegalArgumentException("no virtual router MAC for address family " + family);
        };
        return MacAddress.of(new byte[] {0x00, 0x00, 0x5e, 0x00, kind, (byte) virtualRouterId});
    }

    /** 00:00:5e:00:01:VRID. */
    public static MacAddress ipv4(int virtualRouterId) {
        return of(Libc.AF_INET, virtualRouterId);
    }

    /** linux/socket.h; here until the IPv6 data plane brings it to {@link Libc}. */
    static final int AF_INET6 = 10;
}
