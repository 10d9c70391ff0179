package net.tandem.client;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an agent's control API listens: the agent's Unix socket on this machine ({@code unix:PATH}, the default:
 * {@link #LOCAL}), or {@code HOST:PORT} over TCP. The host is an IP literal or a name; only {@code localhost}
 * and loopback literals count as loopback, because a name is not resolved here: whether a token may
 * go in plain text must not depend on what DNS says today.
 *
 * @param socket the Unix socket; when present, host and port are not used
 */
public record Target(String host, int port, Optional<Path> socket) {
    /** The agent's socket on this node, where tandemctl and the console go by default. */
    public static final Target LOCAL = unix(Path.of("/run/tandem/control.sock"));

    private static final String UNIX = "unix:";

    public Target(String host, int port) {
        this(host, port, Optional.empty());
    }

    /** The agent's Unix socket at {@code path}. */
    public static Target unix(Path path) {
        return new Target("localhost", 0, Optional.of(path));
    }

    public Target {
        if (socket.isPresent()) {
            if (!socket.get().isAbsolute()) {
                throw new ClientSetupException(
                        "unix:" + socket.get() + ": give the socket's absolute path (unix:/run/tandem/control.sock)");
            }
        } else if (host == null || host.isBlank()) {
            throw new ClientSetupException("the agent's address has no host: expected HOST:PORT");
        } else if (port < 1 || port > 65535) {
            throw new ClientSetupException("port " + port + " of " + host + " is not from 1 to 65535");
        }
    }

    /**
     * Parses {@code unix:PATH}, or {@code HOST:PORT} with an IPv6 literal in brackets ({@code [::1]:7112}).
     *
     * @throws ClientSetupException saying what was expected
     */
    public static Target parse(String text) {
        if (text.startsWith(UNIX)) {
            return unix(Path.of(text.substring(UNIX.length())));
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new ClientSetupException("expected HOST:PORT, got \"" + text + "\"");
        }
        String host = text.substring(0, colon).replaceAll("^\\[(.*)\\]$", "$1");
        return new Target(host, Integer.parseInt(text.substring(colon + 1)));
    }

    /** Whether the address never leaves this machine: a Unix socket, {@code localhost}, 127.0.0.0/8, ::1. */
    public boolean isLoopback() {
        if (socket.isPresent() || host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    /** {@code unix:PATH}, or HOST:PORT with IPv6 literals in brackets, as an operator types it. */
    @Override
    public String toString() {
        if (socket.isPresent()) {
            return UNIX + socket.get();
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
