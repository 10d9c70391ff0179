package net.tandem.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.tandem.client.BearerToken;
import net.tandem.client.ClientSetupException;
import net.tandem.client.ClientTls;
import net.tandem.console.config.ConsoleConfig;
import net.tandem.console.config.LabDefaults;
import net.tandem.console.config.NodeAddress;
import net.tandem.console.grpc.GrpcNodeConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem-console}: the live terminal console. See docs/console.md. */
@Command(
        name = "tandem-console",
        mixinStandardHelpOptions = true,
        version = "tandem-console 0.1.0",
        description = {
            "Shows every node's VRRP instances at once, live, and moves a VIP with a keystroke.",
            "Without --node or --config: the lab's nodes (node1=192.0.2.1:7112, node2=192.0.2.2:7112),",
            "with the lab's admin token and CA from .lab/ when it has made them."
        },
        footer = {
            "",
            "Config file (--config): one setting per line, '#' starts a comment:",
            "  node1=192.0.2.1:7112",
            "  node2=192.0.2.2:7112",
            "  token-file=/etc/tandem/admin.token",
            "  ca=/etc/tandem/ca.crt",
            "  cert=/etc/tandem/console.crt    (mutual TLS; with key=)",
            "  key=/etc/tandem/console.key",
            "Relative paths are relative to the file. --node, --token-file, --ca, --cert",
            "and --key add to / override it. The token goes in plain text only to",
            "loopback nodes; anywhere else it needs --ca.",
            "",
            "Keys: Up/Down select, t takeover, r release, p priority, m maintenance, ? help, q quit."
        })
public final class ConsoleMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--node",
            paramLabel = "NAME=HOST:PORT",
            description = "A node to watch (repeat for each node), e.g. node1=192.0.2.1:7112.")
    List<String> nodes = new ArrayList<>();

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the admin token, sent as 'authorization: Bearer TOKEN'.")
    Path tokenFile;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "PEM file of the CA that signed the agents' certificates; turns TLS on.")
    Path ca;

    @Option(
            names = "--cert",
            paramLabel = "FILE",
            description = "Client certificate (PEM), for agents that require mutual TLS (tls_client_ca); needs --ca.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Private key (PEM, PKCS#8) of --cert.")
    Path key;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Read nodes, token-file, ca, cert and key from FILE.")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ConsoleConfig resolved;
        try {
            resolved = resolve(Path.of(System.getProperty("tandem.home", ".")), System.getenv("TANDEM_LAB_DIR"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().daemon().name("console-reconnect").factory());
        try {
            Optional<BearerToken> token =
                    Optional.ofNullable(resolved.tokenFile()).map(BearerToken::read);
            Optional<ClientTls> tls = ClientTls.of(resolved.caFile(), resolved.certFile(), resolved.keyFile());
            ConsoleRunner.run(resolved, address -> new GrpcNodeConnection(address, tls, token, scheduler));
        } catch (ClientSetupException e) {
            // Settings that cannot be used (a token without TLS to a node elsewhere, a bad certificate):
            // found before anything is sent, and a usage error like a bad --node.
            spec.commandLine().getErr().println("tandem-console: " + e.getMessage());
            return 2;
        } finally {
            scheduler.shutdownNow();
        }
        return 0;
    }

    /**
     * The nodes and credentials from the options, the config file, or else the lab's nodes if a lab exists, else
     * this machine's agent over its control socket.
     */
    ConsoleConfig resolve(Path projectRoot, String labDirOverride) throws java.io.IOException {
        ConsoleConfig base;
        if (config != null) {
            base = ConsoleConfig.read(config);
        } else if (nodes.isEmpty()) {
            base = LabDefaults.forNoArguments(projectRoot, labDirOverride);
        } else {
            base = new ConsoleConfig(List.of(), null, null, null, null);
        }
        List<NodeAddress> all = new ArrayList<>(base.nodes());
        for (String node : nodes) {
            NodeAddress parsed = NodeAddress.parse(node);
            all.removeIf(existing -> existing.name().equals(parsed.name()));
            all.add(parsed);
        }
        Path token = tokenFile != null ? tokenFile : base.tokenFile();
        Path caFile = ca != null ? ca : base.caFile();
        Path certFile = cert != null ? cert : base.certFile();
        Path keyFile = key != null ? key : base.keyFile();
        for (Path file : new Path[] {token, caFile, certFile, keyFile}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file + ": check the path and its permissions");
            }
        }
        return new ConsoleConfig(all, token, caFile, certFile, keyFile);
    }
}
