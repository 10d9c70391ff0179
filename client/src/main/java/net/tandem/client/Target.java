package net.tandem.client;

import java.net.InetAddress;

/**
 * Where an agent's control API listens. The host is an IP literal or a name; only {@code localhost}
 * and loopback literals count as loopback, because a name is not resolved here: whether a token may
 * go in plain text must not depend on what DNS says today.
 */
public record Target(String host, int port) {
    public Target {
        if (host == null || host.isBlank()) {
            throw new ClientSetupException("the agent's address has no host: expected HOST:PORT");
        }
        if (port < 1 || port > 65535) {
            throw new ClientSetupException("port " + port + " of " + host + " is not from 1 to 65535");
        }
    }

    /**
     * Parses {@code HOST:PORT}, with an IPv6 literal in brackets ({@code [::1]:7112}).
     *
     * @throws ClientSetupException saying what was expected
     */
    public static Target parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new ClientSetupException("expected HOST:PORT, got \"" + text + "\"");
        }
        String host = text.substring(0, colon).replaceAll("^\\[(.*)\\]$", "$1");
        return new Target(host, Integer.parseInt(text.substring(colon + 1)));
    }

    /** Whether the address never leaves this machine: {@code localhost}, 127.0.0.0/8, ::1. */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    /** HOST:PORT, IPv6 literals in brackets, as an operator types it. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
