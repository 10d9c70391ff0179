package net.tandem.agent.control;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.metrics.MetricsServer;
import net.tandem.agent.control.metrics.MetricsToken;
import net.tandem.agent.linux.FirstConnectionWatch;
import net.tandem.agent.linux.Libc;
import net.tandem.agent.linux.ListeningSocket;
import net.tandem.agent.linux.NativeException;

/**
 * The control plane of one agent: the tandem.v1.Control gRPC service with health and reflection (v1 and v1alpha),
 * behind {@link TokenAuthInterceptor}, on the local Unix socket (the default: the peer's credentials decide) and, when
 * {@code listen} is set, on TCP with tokens and TLS; the audit log; and the Prometheus endpoint when
 * {@code metrics_listen} is set.
 *
 * <p>Limits, so that a flood of clients costs bounded memory and never delays the protocol: connections per listener
 * ({@link ConnectionGate}), calls per connection, WatchEvents streams per connection and in all
 * ({@link ControlService}), HTTP/2 RST floods ({@code maxRstFramesPerWindow}), idle connections closed, keepalive
 * pings to find dead peers, and a bounded connection age.
 *
 * <pre>
 * ControlServer control = new ControlServer(config.controlOrDefaults(), target);  // target: the agent
 * control.start();                     // refuses unsafe settings, reads tokens and certificates, binds
 * ...
 * control.stop(Duration.ofSeconds(2)); // graceful: see stop()
 * </pre>
 *
 * <p>start() binds the listening sockets itself (held from then on: a second agent or a local user cannot take the
 * port or the socket) but loads no gRPC, Netty or protobuf: {@link GrpcServers} is built on those sockets when the
 * first client connects ({@link FirstConnectionWatch}), and that client waits in the socket's queue meanwhile. An
 * agent that nobody asks anything of thus keeps ~800 classes and four threads fewer resident.
 *
 * RPC handlers run on virtual threads, never on Netty's event loops, so a ControlTarget call that waits for the
 * agent's event loop holds up no other client.
 */
public final class ControlServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());

    private ControlConfig config; // replaced by reload
    private final ControlTarget target;
    private final InstantSource clock;
    private final java.util.function.LongSupplier nanoTime;
    private final int queueBound;
    private final long advertTimingGapNanos;

    /** Connections per listener; more are closed as soon as they are accepted. */
    static final int MAX_CONNECTIONS = 512;
    /** Calls at once on one connection (HTTP/2 MAX_CONCURRENT_STREAMS). */
    static final int MAX_CALLS_PER_CONNECTION = 32;

    private final RateLimitedLog refusedConnections = RateLimitedLog.warnings(LOG);
    private boolean started;
    /** The listening sockets, bound at start, until the first connection hands them to {@link #grpc}; else -1. */
    private int localFd = -1;

    private int tcpFd = -1;
    /** Where the TCP listener is bound (the real port when the configuration said 0). */
    private Optional<InetSocketAddress> tcpAddress = Optional.empty();
    /** The Unix socket, if served. */
    private Optional<Path> socket = Optional.empty();

    private ServerCredentials credentials;
    /** With TLS, built at start: a bad certificate or key ends the start, not the first call. */
    private ServerCredentials tcpCredentials;

    private FirstConnectionWatch watch;
    /** gRPC and Netty, once a client connected. */
    private GrpcServers grpc;

    private ConnectionGate tcpGate;
    private ConnectionGate localGate;
    private AuditLog audit;
    private Optional<MetricsServer> metrics = Optional.empty();
    private MetricsToken metricsToken = MetricsToken.none();
    private TokenAuthInterceptor auth;
    /** With TLS: the server's certificate and the client CA, replaceable without a restart. */
    private Optional<AdvancedTlsX509KeyManager> identity = Optional.empty();

    private Optional<AdvancedTlsX509TrustManager> clientCa = Optional.empty();

    public ControlServer(ControlConfig config, ControlTarget target) {
        this(
                config,
                target,
                InstantSource.system(),
                System::nanoTime,
                EventStream.DEFAULT_QUEUE_BOUND,
                EventStream.DEFAULT_ADVERT_TIMING_GAP_NANOS);
    }

    /** Tests: a fixed clock and ticker, a small event queue per WatchEvents client. */
    ControlServer(
            ControlConfig config,
            ControlTarget target,
            InstantSource clock,
            java.util.function.LongSupplier nanoTime,
            int queueBound,
            long advertTimingGapNanos) {
        this.config = config;
        this.target = target;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.queueBound = queueBound;
        this.advertTimingGapNanos = advertTimingGapNanos;
    }

    /**
     * Checks the settings, reads the token files and certificates, opens the audit file, and listens.
     *
     * @throws IllegalArgumentException if the settings are unsafe ({@link ControlConfig#validate()}): a public
     *                                  address without TLS and an admin token
     * @throws IOException              naming the file or address that failed
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("control server already started");
        }
        config.validate();
        audit = config.auditLog().isPresent()
                ? AuditLog.toLogAndFile(clock, config.auditLog().get())
                : AuditLog.toLog(clock);
        auth = TokenAuthInterceptor.fromFiles(config.adminTokenFile(), config.readTokenFile(), audit);
        started = true;
        try {
            credentials = credentials(config);
            if (config.socket().isPresent()) {
                Path path = config.socket().get();
                ControlSocket.prepare(path, config.readGroup());
                localGate = new ConnectionGate("control socket " + path, MAX_CONNECTIONS, refusedConnections);
                try {
                    localFd = ListeningSocket.unix(path);
                } catch (NativeException e) {
                    throw new IOException("control socket " + path + ": cannot listen: " + e.getMessage(), e);
                }
                socket = Optional.of(path);
                ControlSocket.protect(path, config.readGroup());
                auth.allowLocalReaders(
                        config.readGroup().isPresent() ? Optional.of(ControlSocket.groupId(path)) : Optional.empty());
            }
            if (config.listen().isPresent()) {
                tcpGate = new ConnectionGate(
                        "control listener " + ControlConfig.show(config.listen().get()),
                        MAX_CONNECTIONS,
                        refusedConnections);
                if (config.tls()) {
                    tcpCredentials = tlsCredentials();
                }
                try {
                    tcpFd = ListeningSocket.tcp(config.listen().get());
                    tcpAddress = Optional.of(ListeningSocket.localAddress(tcpFd));
                } catch (NativeException e) {
                    throw new IOException(
                            "control API: cannot listen on "
                                    + ControlConfig.show(config.listen().get()) + ": " + e.getMessage(),
                            e);
                }
            }
            if (config.metricsListen().isPresent()) {
                metricsToken = MetricsToken.fromFile(config.metricsTokenFile());
                metrics = Optional.of(
                        MetricsServer.start(config.metricsListen().get(), target, metricsTls(config), metricsToken));
            }
            int[] held = java.util.stream.IntStream.of(localFd, tcpFd)
                    .filter(fd -> fd >= 0)
                    .toArray();
            if (held.length > 0) {
                watch = FirstConnectionWatch.start("tandem-control-wait", held, this::firstConnection);
            }
        } catch (IOException | RuntimeException e) {
            stop(Duration.ZERO);
            throw e;
        }
        List<String> serving = new ArrayList<>();
        if (tcpAddress.isPresent()) {
            serving.add("listening on " + ControlConfig.show(address())
                    + (config.tls()
                            ? " (TLS" + (config.tlsClientCa().isPresent() ? ", client certificates" : "") + ")"
                            : " (plain text)")
                    + ", tokens required");
        }
        if (socket.isPresent()) {
            serving.add("socket " + socket.get() + " ("
                    + config.readGroup()
                            .map(g -> "root; group " + g + " may read")
                            .orElse("root only") + ")");
        }
        metrics.ifPresent(m -> serving.add("metrics on " + m.url()
                + (config.tlsClientCa().isPresent() && config.metricsTls() ? " (client certificates)" : "")
                + (metricsToken.required() ? ", token required" : "")));
        LOG.log(System.Logger.Level.INFO, "control: " + String.join("; ", serving));
    }

    /**
     * On the watch's thread, when a client connected: gRPC and Netty take the listening sockets over and serve it.
     * Should that fail, the sockets are closed (clients are refused, not left waiting) and the agent runs on.
     */
    private synchronized void firstConnection() {
        if (!started || grpc != null) {
            return; // stopped meanwhile
        }
        long t0 = System.nanoTime();
        int local = localFd;
        int tcp = tcpFd;
        localFd = -1; // the servers' from here on, also on a failure
        tcpFd = -1;
        try {
            grpc = new GrpcServers(
                    local,
                    socket.orElse(null),
                    localGate,
                    tcp,
                    tcpAddress.orElse(null),
                    tcp < 0 ? null : tcpCredentials != null ? tcpCredentials : tcpGate.wrap(credentials),
                    auth,
                    executor -> new ControlService(
                            target, audit, clock, executor, nanoTime, queueBound, advertTimingGapNanos));
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "control: first connection: gRPC started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "control: cannot start the control API on the first connection (" + e
                            + "); it stays closed until a restart",
                    e);
        }
    }

    /** The TCP listener's TLS behind its gate: reads the PEM files through the key manager now. */
    private ServerCredentials tlsCredentials() throws IOException {
        try {
            return tcpGate.wrap(credentials);
        } catch (IllegalArgumentException e) {
            throw tlsFailure(config, e);
        }
    }

    /**
     * TLS through key and trust managers that {@link #reload} can update: a rotated certificate is
     * used by the next handshake, and connections already open stay up.
     */
    private ServerCredentials credentials(ControlConfig config) throws IOException {
        if (!config.tls()) {
            return InsecureServerCredentials.create();
        }
        try {
            AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
            keys.updateIdentityCredentials(
                    config.tlsCert().get().toFile(), config.tlsKey().get().toFile());
            TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(keys);
            identity = Optional.of(keys);
            if (config.tlsClientCa().isPresent()) {
                AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                        .build();
                trust.updateTrustCredentials(config.tlsClientCa().get().toFile());
                tls.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
                clientCa = Optional.of(trust);
            }
            return tls.build();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw tlsFailure(config, e);
        }
    }

    /**
     * The metrics endpoint's TLS ({@code metrics_tls}): the API's key manager and client CA trust manager themselves,
     * so a reload that re-reads the certificate, key or CA renews them for both.
     */
    private Optional<SslContext> metricsTls(ControlConfig config) throws IOException {
        if (!config.metricsTls()) {
            return Optional.empty();
        }
        try {
            SslContextBuilder b =
                    SslContextBuilder.forServer(identity.orElseThrow()).sslProvider(SslProvider.JDK);
            if (clientCa.isPresent()) {
                b.trustManager(clientCa.get()).clientAuth(ClientAuth.REQUIRE);
            }
            return Optional.of(b.build());
        } catch (SSLException e) {
            throw tlsFailure(config, e);
        }
    }

    /**
     * Applies a reloaded {@code tandem_control}: the token files are read again and the TLS
     * certificate, key and client CA files too (rotated in place or renamed), without a restart
     * and without dropping a connected client. What only a restart can change (where it listens,
     * TLS or client certificates on or off, the metrics address, the audit file) stays as it runs,
     * and the answer says so.
     *
     * @return what was done, for the reload's summary
     * @throws IOException a token or certificate file cannot be used: nothing changed
     * @throws IllegalArgumentException the new settings are unsafe ({@link ControlConfig#validate}): nothing changed
     */
    public synchronized String reload(ControlConfig next) throws IOException {
        if (!started) {
            throw new IllegalStateException("control server not started");
        }
        audit.reopen(); // SIGHUP after logrotate moved the file: whatever else the reload decides
        next.validate();
        List<String> restartOnly = new ArrayList<>();
        if (!next.listen().equals(config.listen())) {
            restartOnly.add("listen");
        }
        if (!next.socket().equals(config.socket()) || !next.readGroup().equals(config.readGroup())) {
            restartOnly.add("socket or read_group");
        }
        if (next.metricsPublic() != config.metricsPublic()) {
            restartOnly.add("metrics_public");
        }
        if (next.metricsTls() != config.metricsTls()) {
            restartOnly.add("metrics_tls");
        }
        if (next.tls() != config.tls()
                || next.tlsClientCa().isPresent() != config.tlsClientCa().isPresent()) {
            restartOnly.add("TLS on or off");
        }
        if (!next.metricsListen().equals(config.metricsListen())) {
            restartOnly.add("metrics_listen");
        }
        if (!next.auditLog().equals(config.auditLog())) {
            restartOnly.add("audit_log");
        }
        if (!restartOnly.isEmpty()) {
            throw new IllegalArgumentException("tandem_control: " + String.join(", ", restartOnly)
                    + " changed: only a restart applies that (systemctl restart tandem-agent); the running"
                    + " control settings stay");
        }
        // Read every file before changing anything.
        Optional<CertifiedKey> newIdentity = Optional.empty();
        Optional<X509Certificate[]> newCa = Optional.empty();
        if (next.tls()) {
            try {
                newIdentity = Optional.of(
                        CertifiedKey.read(next.tlsCert().get(), next.tlsKey().get()));
                if (next.tlsClientCa().isPresent()) {
                    newCa = Optional.of(
                            CertifiedKey.readCertificates(next.tlsClientCa().get()));
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw tlsFailure(next, e);
            }
        }
        Optional<byte[]> nextMetricsToken = MetricsToken.digestOf(next.metricsTokenFile());
        boolean tokensChanged = auth.reload(next.adminTokenFile(), next.readTokenFile());
        boolean metricsTokenChanged = metricsToken.replace(nextMetricsToken);
        newIdentity.ifPresent(k -> identity.orElseThrow().updateIdentityCredentials(k.chain(), k.key()));
        if (newCa.isPresent()) {
            try {
                clientCa.orElseThrow().updateTrustCredentials(newCa.get());
            } catch (IOException | GeneralSecurityException e) {
                throw tlsFailure(next, e); // not reached: the certificates were parsed above
            }
        }
        config = next;
        String done = "tandem_control: tokens " + (tokensChanged ? "replaced" : "unchanged")
                + (metricsTokenChanged ? "; metrics token replaced" : "")
                + (next.tls() ? "; TLS certificate and key re-read" : "")
                + (newCa.isPresent() ? ", client CA re-read" : "");
        LOG.log(System.Logger.Level.INFO, "control: " + done);
        return done;
    }

    private static IOException tlsFailure(ControlConfig config, Exception e) {
        return new IOException(
                "tandem_control: cannot use tls_cert " + config.tlsCert().orElse(null) + " / tls_key "
                        + config.tlsKey().orElse(null)
                        + config.tlsClientCa()
                                .map(ca -> " / tls_client_ca " + ca)
                                .orElse("")
                        + ": " + e.getMessage() + " (PEM files expected; the key in PKCS#8, \"BEGIN PRIVATE KEY\")",
                e);
    }

    /** Where the API listens on TCP (with the real port when the configuration said 0). */
    public synchronized InetSocketAddress address() {
        return tcpAddress.orElseThrow(() -> new IllegalStateException("no TCP listener"));
    }

    /** The Unix socket, if served. */
    public synchronized Optional<Path> socketPath() {
        return socket;
    }

    public synchronized Optional<InetSocketAddress> metricsAddress() {
        return metrics.map(MetricsServer::address);
    }

    /**
     * Graceful shutdown: health says NOT_SERVING (load balancers and watchers see it), WatchEvents streams end with
     * OK after what they already queued, no new calls are accepted, calls in progress get up to {@code grace} to
     * finish, then whatever is left is cancelled. The metrics endpoint and the audit file close last. Idempotent.
     */
    public synchronized void stop(Duration grace) {
        if (!started) {
            return;
        }
        started = false;
        if (watch != null) {
            watch.cancel();
        }
        if (grpc != null) {
            grpc.stop(grace); // only then is the listening socket closed for sure: the port is free when stop returns
        }
        for (int fd : new int[] {localFd, tcpFd}) {
            if (fd >= 0) {
                Libc.close(fd); // never handed over: nobody connected
            }
        }
        if (socket.isPresent()) {
            try {
                Files.deleteIfExists(socket.get());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "control: removing the socket: " + e.getMessage());
            }
        }
        metrics.ifPresent(MetricsServer::close);
        try {
            audit.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "control: closing the audit log: " + e.getMessage());
        }
        localFd = -1;
        tcpFd = -1;
        watch = null;
        grpc = null;
        socket = Optional.empty();
        tcpAddress = Optional.empty();
        metrics = Optional.empty();
    }

    /** {@link #stop} with 5 s of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    /** For tests: WatchEvents streams open now. */
    synchronized int openStreams() {
        return grpc == null ? 0 : grpc.openStreams();
    }

    /** For tests: whether gRPC and Netty were started (a client connected). */
    synchronized boolean grpcStarted() {
        return grpc != null;
    }
}
