package net.tandem.agent.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tandem_control} block: where the control API and the metrics listen, and how they are protected.
 * keepalived does not know this block; see docs/configuration.md.
 *
 * <pre>
 * tandem_control {
 *     listen 192.0.2.1:7112              # default 127.0.0.1:7112
 *     tls_cert /etc/tandem/node1.crt     # PEM certificate chain
 *     tls_key /etc/tandem/node1.key      # PEM PKCS#8 private key
 *     tls_client_ca /etc/tandem/ca.crt   # optional: require client certificates signed by it
 *     admin_token_file /etc/tandem/admin.token
 *     read_token_file /etc/tandem/read.token
 *     metrics_listen 127.0.0.1:9650      # optional: Prometheus endpoint, off by default
 *     audit_log /var/log/tandem/audit.log  # optional: commands also go to this file
 * }
 * </pre>
 *
 * @param listen         the control API's address; an IP literal, never a host name (no DNS at start)
 * @param metricsListen  the Prometheus endpoint; empty means no metrics
 */
public record ControlConfig(
        InetSocketAddress listen,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Optional<Path> tlsClientCa,
        Optional<Path> adminTokenFile,
        Optional<Path> readTokenFile,
        Optional<InetSocketAddress> metricsListen,
        Optional<Path> auditLog) {

    public static final int DEFAULT_PORT = 7112;
    public static final InetSocketAddress DEFAULT_LISTEN =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);

    /** What an absent {@code tandem_control} block means: loopback, plain text, no tokens, no metrics. */
    public static ControlConfig defaults() {
        return new ControlConfig(
                DEFAULT_LISTEN,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The same settings listening elsewhere: {@code tandem-agent --control ADDR:PORT}. Call {@link #validate} after. */
    public ControlConfig withListen(InetSocketAddress address) {
        return new ControlConfig(
                address, tlsCert, tlsKey, tlsClientCa, adminTokenFile, readTokenFile, metricsListen, auditLog);
    }

    /**
     * {@code --control ADDR:PORT} as typed by a user.
     *
     * @throws IllegalArgumentException saying what is wrong, for the command line's error message
     */
    public ControlConfig withListen(String addressAndPort) {
        return withListen(parseAddressAndPort(addressAndPort)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--control: expected ADDR:PORT with an IP address (127.0.0.1:7112, [::1]:7112), got \""
                                + addressAndPort + "\"")));
    }

    public boolean tls() {
        return tlsCert.isPresent() && tlsKey.isPresent();
    }

    /** Whether any token is configured: then every call must carry one. */
    public boolean tokens() {
        return adminTokenFile.isPresent() || readTokenFile.isPresent();
    }

    /**
     * What makes these settings unusable, one sentence each; empty if they are fine. The rule that matters: a
     * control API reachable from the network needs TLS and an admin token, or anyone who can reach the port could
     * move the node's addresses.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            problems.add(
                    tlsCert.isPresent()
                            ? "tls_cert needs tls_key (the certificate's private key, PEM)"
                            : "tls_key needs tls_cert (the certificate, PEM)");
        }
        if (tlsClientCa.isPresent() && !tls()) {
            problems.add("tls_client_ca needs tls_cert and tls_key: client certificates are checked only over TLS");
        }
        if (readTokenFile.isPresent() && adminTokenFile.isEmpty()) {
            problems.add("read_token_file needs admin_token_file: with tokens on, commands need the admin token");
        }
        if (!listen.getAddress().isLoopbackAddress() && !(tls() && adminTokenFile.isPresent())) {
            problems.add("listen " + show(listen) + " is not a loopback address, so the control API needs TLS"
                    + " (tls_cert, tls_key) and an admin token (admin_token_file); add them, or listen on "
                    + show(DEFAULT_LISTEN));
        }
        return problems;
    }

    /**
     * Refuses settings the agent must not start with.
     *
     * @throws IllegalArgumentException with every problem, in words an operator can act on
     */
    public void validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("tandem_control: " + String.join("; ", problems));
        }
    }

    /** {@code 192.0.2.1:7112} or {@code [2001:db8::1]:7112}: IP literals only, never resolved. */
    public static Optional<InetSocketAddress> parseAddressAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return Optional.empty();
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            return Optional.empty();
        }
        return IpAddresses.parse(host).map(a -> new InetSocketAddress(a, Integer.parseInt(port)));
    }

    /** An address as the configuration writes it: IPv6 compressed and in brackets ({@code [2001:db8::1]:7112}). */
    public static String show(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : IpAddresses.show(a.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
