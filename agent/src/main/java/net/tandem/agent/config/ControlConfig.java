package net.tandem.agent.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tandem_control} block: where the control API and the metrics listen, and how they are protected.
 * keepalived does not know this block; see docs/configuration.md and docs/security.md.
 *
 * <pre>
 * tandem_control {
 *     socket /run/tandem/control.sock    # the local API (default when there is no listen); root is admin
 *     read_group tandem-read             # optional: members of this group may read over the socket
 *     listen 192.0.2.1:7112              # optional: TCP, only with admin_token_file (and TLS off loopback)
 *     tls_cert /etc/tandem/node1.crt     # PEM certificate chain
 *     tls_key /etc/tandem/node1.key      # PEM PKCS#8 private key
 *     tls_client_ca /etc/tandem/ca.crt   # optional: require client certificates signed by it
 *     admin_token_file /etc/tandem/admin.token
 *     read_token_file /etc/tandem/read.token
 *     metrics_listen 127.0.0.1:9650      # optional: Prometheus endpoint, off by default
 *     metrics_public                     # needed for a metrics_listen that is not loopback
 *     metrics_tls                        # optional: serve the metrics over TLS (tls_cert, tls_key)
 *     metrics_token_file /etc/tandem/metrics.token  # optional: scrapes need "Authorization: Bearer TOKEN"
 *     audit_log /var/log/tandem/audit.log  # optional: commands also go to this file
 * }
 * </pre>
 *
 * @param listen        the TCP address of the control API, an IP literal (no DNS at start); empty: no TCP
 * @param socket        the Unix domain socket of the control API; empty: none
 * @param readGroup     the group whose members may read (status, events) over the socket; empty: root only
 * @param metricsListen the Prometheus endpoint; empty means no metrics
 * @param metricsPublic whether metricsListen may be a non-loopback address
 * @param metricsTls    whether the metrics are served over TLS, with the API's certificate (and client CA)
 * @param metricsTokenFile the bearer token every scrape must carry; empty: none
 */
public record ControlConfig(
        Optional<InetSocketAddress> listen,
        Optional<Path> socket,
        Optional<String> readGroup,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Optional<Path> tlsClientCa,
        Optional<Path> adminTokenFile,
        Optional<Path> readTokenFile,
        Optional<InetSocketAddress> metricsListen,
        boolean metricsPublic,
        Optional<Path> auditLog,
        boolean metricsTls,
        Optional<Path> metricsTokenFile) {

    public static final int DEFAULT_PORT = 7112;
    /** What {@code --control PORT}-less examples and the docs suggest for a loopback TCP listener. */
    public static final InetSocketAddress LOOPBACK_LISTEN =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
    /** The local API's socket; under {@code --run-dir DIR} it is {@code DIR/control.sock}. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/tandem/control.sock");

    /** Without the metrics endpoint's TLS and token (the form callers used before they existed). */
    public ControlConfig(
            Optional<InetSocketAddress> listen,
            Optional<Path> socket,
            Optional<String> readGroup,
            Optional<Path> tlsCert,
            Optional<Path> tlsKey,
            Optional<Path> tlsClientCa,
            Optional<Path> adminTokenFile,
            Optional<Path> readTokenFile,
            Optional<InetSocketAddress> metricsListen,
            boolean metricsPublic,
            Optional<Path> auditLog) {
        this(
                listen,
                socket,
                readGroup,
                tlsCert,
                tlsKey,
                tlsClientCa,
                adminTokenFile,
                readTokenFile,
                metricsListen,
                metricsPublic,
                auditLog,
                false,
                Optional.empty());
    }

    /** The TCP listener and the socket as the grammar and the tests give them; the rest as before. */
    public ControlConfig(
            InetSocketAddress listen,
            Optional<Path> tlsCert,
            Optional<Path> tlsKey,
            Optional<Path> tlsClientCa,
            Optional<Path> adminTokenFile,
            Optional<Path> readTokenFile,
            Optional<InetSocketAddress> metricsListen,
            Optional<Path> auditLog) {
        this(
                Optional.of(listen),
                Optional.empty(),
                Optional.empty(),
                tlsCert,
                tlsKey,
                tlsClientCa,
                adminTokenFile,
                readTokenFile,
                metricsListen,
                false,
                auditLog);
    }

    /**
     * What an absent {@code tandem_control} block means: the Unix socket only (root is admin, nobody else may
     * connect), no TCP, no tokens, no metrics.
     */
    public static ControlConfig defaults() {
        return new ControlConfig(
                Optional.empty(),
                Optional.of(DEFAULT_SOCKET),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty());
    }

    /** The same settings listening elsewhere: {@code tandem-agent --control ADDR:PORT}. Call {@link #validate} after. */
    public ControlConfig withListen(InetSocketAddress address) {
        return new ControlConfig(
                Optional.of(address),
                socket,
                readGroup,
                tlsCert,
                tlsKey,
                tlsClientCa,
                adminTokenFile,
                readTokenFile,
                metricsListen,
                metricsPublic,
                auditLog,
                metricsTls,
                metricsTokenFile);
    }

    /** The same settings with the socket elsewhere (tests, or {@code --run-dir}), or none. */
    public ControlConfig withSocket(Optional<Path> path) {
        return new ControlConfig(
                listen,
                path,
                readGroup,
                tlsCert,
                tlsKey,
                tlsClientCa,
                adminTokenFile,
                readTokenFile,
                metricsListen,
                metricsPublic,
                auditLog,
                metricsTls,
                metricsTokenFile);
    }

    /** The socket moves with {@code --run-dir DIR} to {@code DIR/control.sock} unless the file names one. */
    public ControlConfig withRunDir(Path runDir) {
        return socket.equals(Optional.of(DEFAULT_SOCKET))
                ? withSocket(Optional.of(runDir.resolve(DEFAULT_SOCKET.getFileName())))
                : this;
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
     * What makes these settings unusable, one sentence each; empty if they are fine. The rules that matter: a TCP
     * listener needs an admin token (loopback is no boundary between local users), and off loopback TLS too, or
     * anyone who can reach the port could move the node's addresses; without TCP the Unix socket, whose file
     * permissions and the peer's credentials decide.
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
        if (listen.isPresent() && adminTokenFile.isEmpty()) {
            problems.add("listen " + show(listen.get()) + " needs admin_token_file: any local user (and anything that"
                    + " forwards to the port) can reach a TCP port, loopback included; add a token, or remove listen"
                    + " and use the Unix socket (" + DEFAULT_SOCKET + ", root only)");
        }
        if (listen.isPresent() && !listen.get().getAddress().isLoopbackAddress() && !tls()) {
            problems.add("listen " + show(listen.get()) + " is not a loopback address, so the control API needs TLS"
                    + " (tls_cert, tls_key) and an admin token (admin_token_file); add them, or listen on "
                    + show(LOOPBACK_LISTEN));
        }
        if (listen.isEmpty() && socket.isEmpty()) {
            problems.add(
                    "neither listen nor socket: the control API would be unreachable; add socket " + DEFAULT_SOCKET);
        }
        if (readGroup.isPresent() && socket.isEmpty()) {
            problems.add("read_group needs the Unix socket (socket PATH): it grants reading over the socket only");
        }
        if (metricsListen.isPresent() && !metricsListen.get().getAddress().isLoopbackAddress() && !metricsPublic) {
            problems.add("metrics_listen " + show(metricsListen.get()) + " is not a loopback address: the metrics"
                    + " tell anyone who can reach the port which node holds which address; add metrics_public to"
                    + " mean it (with metrics_tls and metrics_token_file, recommended off loopback), or listen on"
                    + " 127.0.0.1");
        }
        if (metricsTls && !tls()) {
            problems.add("metrics_tls needs tls_cert and tls_key: the metrics endpoint serves the control API's"
                    + " certificate");
        }
        if (metricsListen.isEmpty() && (metricsTls || metricsTokenFile.isPresent())) {
            problems.add((metricsTls ? "metrics_tls" : "metrics_token_file")
                    + " needs metrics_listen ADDR:PORT: without it there is no metrics endpoint to protect");
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
