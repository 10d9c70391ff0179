package net.tandem.agent.control;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerTransportFilter;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import net.tandem.agent.config.ControlConfig;
import net.tandem.agent.control.metrics.MetricsServer;
import net.tandem.agent.control.metrics.MetricsToken;
import net.tandem.proto.v1.ControlGrpc;

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

    private final HealthStatusManager health = new HealthStatusManager();
    private final RateLimitedLog refusedConnections = RateLimitedLog.warnings(LOG);
    private ExecutorService executor;
    /** Our own Netty loops, so that stop() can wait until the listening socket is really closed. */
    private EventLoopGroup boss;

    private EventLoopGroup workers;
    /** TCP, if listen is set. */
    private Optional<Server> tcp = Optional.empty();
    /** The Unix socket, if set (the default). */
    private Optional<Server> local = Optional.empty();

    private ConnectionGate tcpGate;
    private ConnectionGate localGate;
    private ControlService service;
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
        if (service != null) {
            throw new IllegalStateException("control server already started");
        }
        config.validate();
        audit = config.auditLog().isPresent()
                ? AuditLog.toLogAndFile(clock, config.auditLog().get())
                : AuditLog.toLog(clock);
        auth = TokenAuthInterceptor.fromFiles(config.adminTokenFile(), config.readTokenFile(), audit);
        ServerCredentials credentials = credentials(config);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        service = new ControlService(target, audit, clock, executor, nanoTime, queueBound, advertTimingGapNanos);
        boss = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("tandem-grpc-accept", true), EpollIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("tandem-grpc-io", true), EpollIoHandler.newFactory());
        try {
            if (config.socket().isPresent()) {
                Path path = config.socket().get();
                ControlSocket.prepare(path, config.readGroup());
                localGate = new ConnectionGate("control socket " + path, MAX_CONNECTIONS, refusedConnections);
                NettyServerBuilder b = NettyServerBuilder.forAddress(
                                new DomainSocketAddress(path.toString()), localGate.localCredentials())
                        .channelType(EpollServerDomainSocketChannel.class);
                Server s = limits(b).build();
                try {
                    s.start();
                } catch (IOException e) {
                    throw new IOException("control socket " + path + ": cannot listen: " + e.getMessage(), e);
                }
                local = Optional.of(s);
                ControlSocket.protect(path, config.readGroup());
                auth.allowLocalReaders(
                        config.readGroup().isPresent() ? Optional.of(ControlSocket.groupId(path)) : Optional.empty());
            }
            if (config.listen().isPresent()) {
                tcpGate = new ConnectionGate(
                        "control listener " + ControlConfig.show(config.listen().get()),
                        MAX_CONNECTIONS,
                        refusedConnections);
                NettyServerBuilder b;
                try {
                    b = NettyServerBuilder.forAddress(config.listen().get(), tcpGate.wrap(credentials));
                } catch (IllegalArgumentException e) {
                    throw tlsFailure(config, e); // reads the PEM files
                }
                Server s = limits(b.channelType(EpollServerSocketChannel.class)).build();
                try {
                    s.start();
                } catch (IOException e) {
                    throw new IOException(
                            "control API: cannot listen on "
                                    + ControlConfig.show(config.listen().get()) + ": " + e.getMessage(),
                            e);
                }
                tcp = Optional.of(s);
            }
            health.setStatus("", ServingStatus.SERVING);
            health.setStatus(ControlGrpc.SERVICE_NAME, ServingStatus.SERVING);
            if (config.metricsListen().isPresent()) {
                metricsToken = MetricsToken.fromFile(config.metricsTokenFile());
                metrics = Optional.of(
                        MetricsServer.start(config.metricsListen().get(), target, metricsTls(config), metricsToken));
            }
        } catch (IOException | RuntimeException e) {
            stop(Duration.ZERO);
            throw e;
        }
        List<String> serving = new ArrayList<>();
        if (tcp.isPresent()) {
            serving.add("listening on " + ControlConfig.show(address())
                    + (config.tls()
                            ? " (TLS" + (config.tlsClientCa().isPresent() ? ", client certificates" : "") + ")"
                            : " (plain text)")
                    + ", tokens required");
        }
        if (local.isPresent()) {
            serving.add("socket " + config.socket().get() + " ("
                    + config.readGroup()
                            .map(g -> "root; group " + g + " may read")
                            .orElse("root only") + ")");
        }
        metrics.ifPresent(m -> serving.add("metrics on " + m.url()
                + (config.tlsClientCa().isPresent() && config.metricsTls() ? " (client certificates)" : "")
                + (metricsToken.required() ? ", token required" : "")));
        LOG.log(System.Logger.Level.INFO, "control: " + String.join("; ", serving));
    }

    /** What both listeners share: services, auth, executor, message and connection limits. */
    private NettyServerBuilder limits(NettyServerBuilder b) {
        return b.bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(executor)
                .addService(service)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                // v1alpha too: grpc-js-reflection-client and older grpcurl builds ask for it and get UNIMPLEMENTED
                // without it. grpc-java deprecates it for v1, which it answers by delegating to.
                .addService(reflectionV1Alpha())
                .intercept(auth)
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public io.grpc.Attributes transportReady(io.grpc.Attributes attrs) {
                        return attrs.toBuilder()
                                .set(ControlService.CONNECTION, new Object())
                                .build();
                    }
                })
                .maxInboundMessageSize(64 * 1024)
                .maxInboundMetadataSize(16 * 1024)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                // CVE-2023-44487 (HTTP/2 rapid reset): at most 200 RST_STREAMs per 10 s, then GOAWAY.
                .maxRstFramesPerWindow(200, 10)
                .keepAliveTime(2, TimeUnit.MINUTES)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxConnectionIdle(15, TimeUnit.MINUTES)
                // A long watch reconnects once a day (the console does so by itself); calls in flight get a minute.
                .maxConnectionAge(24, TimeUnit.HOURS)
                .maxConnectionAgeGrace(1, TimeUnit.MINUTES);
    }

    private void closeLoops() {
        for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
            if (g != null) {
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        boss = null;
        workers = null;
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
        if (service == null) {
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
        return (InetSocketAddress) tcp.orElseThrow(() -> new IllegalStateException("no TCP listener"))
                .getListenSockets()
                .getFirst();
    }

    /** The Unix socket, if served. */
    public synchronized Optional<Path> socketPath() {
        return local.isPresent() ? config.socket() : Optional.empty();
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
        if (service == null) {
            return;
        }
        health.enterTerminalState();
        service.completeStreams();
        List<Server> servers = new ArrayList<>();
        local.ifPresent(servers::add);
        tcp.ifPresent(servers::add);
        servers.forEach(Server::shutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Server s : servers) {
                if (!s.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    s.shutdownNow();
                    s.awaitTermination(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            servers.forEach(Server::shutdownNow);
            Thread.currentThread().interrupt();
        }
        closeLoops(); // only now is the listening socket closed for sure: the port is free when stop returns
        if (local.isPresent()) {
            try {
                Files.deleteIfExists(config.socket().get());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "control: removing the socket: " + e.getMessage());
            }
        }
        metrics.ifPresent(MetricsServer::close);
        executor.shutdown();
        service.close();
        try {
            audit.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "control: closing the audit log: " + e.getMessage());
        }
        local = Optional.empty();
        tcp = Optional.empty();
        metrics = Optional.empty();
        service = null;
    }

    /** {@link #stop} with 5 s of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    /** For tests: WatchEvents streams open now. */
    int openStreams() {
        return service.openStreams();
    }

    @SuppressWarnings("deprecation")
    private static BindableService reflectionV1Alpha() {
        return ProtoReflectionService.newInstance();
    }
}
