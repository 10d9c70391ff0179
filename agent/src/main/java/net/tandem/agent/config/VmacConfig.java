package net.tandem.agent.config;

import java.util.Optional;

/**
 * keepalived's {@code use_vmac [NAME]} and {@code vmac_xmit_base}: the instance holds its virtual addresses on a
 * macvlan interface of its own whose MAC address is the virtual router MAC of RFC 5798 §7.3
 * (00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6), so that a failover moves no neighbour entry.
 *
 * @param interfaceName the macvlan's name: as written, else keepalived's default {@code vrrp.VRID}
 * @param xmitBase      {@code vmac_xmit_base}: adverts go out of (and come in on) the base interface, with its own
 *                      MAC address, instead of out of the VMAC interface
 */
public record VmacConfig(String interfaceName, boolean xmitBase) {

    /** IFNAMSIZ - 1: the longest interface name the kernel takes. */
    public static final int MAX_NAME_LENGTH = 15;

    public VmacConfig {
        Optional<String> bad = nameProblem(interfaceName);
        if (bad.isPresent()) {
            throw new IllegalArgumentException(bad.get());
        }
    }

    /**
     * The virtual router MAC of RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6.
     *
     * @throws IllegalArgumentException for a VRID outside 1..255
     */
    public static byte[] virtualRouterMac(boolean ipv6, int virtualRouterId) {
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new IllegalArgumentException("a VRID is 1..255, got " + virtualRouterId);
        }
        return new byte[] {0x00, 0x00, 0x5e, 0x00, (byte) (ipv6 ? 0x02 : 0x01), (byte) virtualRouterId};
    }

    /** {@link #virtualRouterMac} as text, "00:00:5e:00:01:33". */
    public static String virtualRouterMacText(boolean ipv6, int virtualRouterId) {
        return java.util.HexFormat.ofDelimiter(":").formatHex(virtualRouterMac(ipv6, virtualRouterId));
    }

    /** keepalived's default name when {@code use_vmac} names none (its {@code vmac_prefix} is "vrrp"). */
    public static String defaultName(int virtualRouterId) {
        return "vrrp." + virtualRouterId;
    }

    /**
     * Why {@code name} cannot be an interface name, or empty when it can: the kernel's rules (dev_valid_name):
     * 1..15 characters, not "." or "..", no '/', ':' or white space; Tandem also keeps to printable ASCII, since the
     * name becomes a path under /proc/sys.
     */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("an interface name cannot be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("\"" + name + "\" is longer than " + MAX_NAME_LENGTH + " characters (IFNAMSIZ)");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("\"" + name + "\" is not a valid interface name");
        }
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c <= 0x20 || c >= 0x7F || c == '/' || c == ':') {
                return Optional.of("\"" + name + "\" has a character an interface name cannot have ('/', ':', white"
                        + " space or non-ASCII)");
            }
        }
        return Optional.empty();
    }
}
