package net.tandem.agent.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/** The keywords of {@code tandem_control}, Tandem's own block (keepalived rejects it). */
final class ControlGrammar {

    static final BlockGrammar<ControlDraft> GRAMMAR = new BlockGrammar<ControlDraft>()
            .value("listen", (st, c, d) -> {
                addressAndPort(st, d).ifPresent(a -> c.listen = Optional.of(a));
                Args.noMore(st, 1, d);
            })
            .value("socket", (st, c, d) -> {
                Optional<Path> p = file(st, d);
                p.filter(path -> !path.isAbsolute())
                        .ifPresent(path -> Args.wrong(st, 0, "an absolute path (/run/tandem/control.sock)", d));
                c.socket = p.filter(Path::isAbsolute);
            })
            .value("read_group", (st, c, d) -> {
                c.readGroup = Args.word(st, 0, "a group name", d);
                Args.noMore(st, 1, d);
            })
            .value("metrics_public", (st, c, d) -> {
                c.metricsPublic = true;
                Args.noMore(st, 0, d);
            })
            .value("metrics_listen", (st, c, d) -> {
                addressAndPort(st, d).ifPresent(a -> c.metricsListen = Optional.of(a));
                Args.noMore(st, 1, d);
            })
            .value("metrics_tls", (st, c, d) -> {
                c.metricsTls = true;
                Args.noMore(st, 0, d);
            })
            .value("metrics_token_file", (st, c, d) -> c.metricsTokenFile = file(st, d))
            .value("tls_cert", (st, c, d) -> c.tlsCert = file(st, d))
            .value("tls_key", (st, c, d) -> c.tlsKey = file(st, d))
            .value("tls_client_ca", (st, c, d) -> c.tlsClientCa = file(st, d))
            .value("admin_token_file", (st, c, d) -> c.adminTokenFile = file(st, d))
            .value("read_token_file", (st, c, d) -> c.readTokenFile = file(st, d))
            .value("audit_log", (st, c, d) -> c.auditLog = file(st, d));

    private ControlGrammar() {}

    private static Optional<InetSocketAddress> addressAndPort(Statement st, Diagnostics d) {
        Optional<InetSocketAddress> a = Args.arg(st, 0).flatMap(t -> ControlConfig.parseAddressAndPort(t.text()));
        if (a.isEmpty()) {
            Args.wrong(st, 0, "ADDR:PORT with an IP address (127.0.0.1:7112, [::1]:7112)", d);
        }
        return a;
    }

    private static Optional<Path> file(Statement st, Diagnostics d) {
        Optional<Path> p = Args.word(st, 0, "a file path", d).map(Path::of);
        Args.noMore(st, 1, d);
        return p;
    }

    /** tandem_control as read so far; several blocks add up, as global_defs blocks do. */
    static final class ControlDraft {
        SourcePos declaredAt;
        Optional<InetSocketAddress> listen = Optional.empty();
        /** Explicit {@code socket PATH}; without it, the default socket only when there is no listen. */
        Optional<Path> socket = Optional.empty();

        Optional<String> readGroup = Optional.empty();
        boolean metricsPublic;
        boolean metricsTls;
        Optional<Path> metricsTokenFile = Optional.empty();
        Optional<Path> tlsCert = Optional.empty();
        Optional<Path> tlsKey = Optional.empty();
        Optional<Path> tlsClientCa = Optional.empty();
        Optional<Path> adminTokenFile = Optional.empty();
        Optional<Path> readTokenFile = Optional.empty();
        Optional<InetSocketAddress> metricsListen = Optional.empty();
        Optional<Path> auditLog = Optional.empty();

        /** The block's settings, each problem an error at the (first) block's keyword. */
        ControlConfig build(Diagnostics d) {
            Optional<Path> socketOrDefault =
                    socket.isPresent() || listen.isPresent() ? socket : Optional.of(ControlConfig.DEFAULT_SOCKET);
            ControlConfig c = new ControlConfig(
                    listen,
                    socketOrDefault,
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
            c.problems().forEach(p -> d.error(declaredAt, "tandem_control: " + p));
            return c;
        }
    }
}
