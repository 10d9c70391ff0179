package net.tandem.console.config;

/** A node the console watches: the name it shows, and where the node's control API listens. */
public record NodeAddress(String name, String host, int port) {
    public static final int DEFAULT_PORT = 7112;

    /**
     * Parses {@code NAME=HOST:PORT} (or {@code NAME=HOST}, port 7112), or {@code NAME=unix:PATH} for the agent's
     * control socket on this machine (then host is {@code unix:PATH} and port 0).
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static NodeAddress parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not NAME=HOST:PORT (for example node1=192.0.2.1:7112)");
        }
        String name = text.substring(0, equals).trim();
        String address = text.substring(equals + 1).trim();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    "node name '" + name + "' may contain only letters, digits, '_', '.', '-'");
        }
        if (address.startsWith("unix:/")) {
            return new NodeAddress(name, address, 0);
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return new NodeAddress(name, address, DEFAULT_PORT);
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535 || host.isEmpty()) {
                throw new NumberFormatException();
            }
            return new NodeAddress(name, host, number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address + "' is not HOST:PORT with a port from 1 to 65535");
        }
    }

    /** HOST:PORT or unix:PATH, as tandemctl's --target and messages want it. */
    public String target() {
        return port == 0 ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return name + "=" + target();
    }
}
