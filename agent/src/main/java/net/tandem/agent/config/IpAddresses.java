package net.tandem.agent.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses address literals without ever touching DNS ({@link InetAddress#getByName} would resolve a host name; a
 * configuration check must not depend on the resolver, nor block on it).
 */
final class IpAddresses {

    private IpAddresses() {
    }

    static Optional<InetAddress> parse(String text) {
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    static Optional<InetAddress> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) v;
        }
        return byAddress(bytes);
    }

    private static Optional<InetAddress> parseV6(String text) {
        // Only hex digits, colons and an embedded IPv4 tail: then getByName takes the literal path, no lookup.
        if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    static String family(InetAddress a) {
        return isV4(a) ? "IPv4" : "IPv6";
    }

    static int maxPrefix(InetAddress a) {
        return isV4(a) ? 32 : 128;
    }
}
