package net.tandem.console.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes the console watches and how it proves who it is. The file form, for
 * {@code tandem-console --config FILE}, is one setting per line:
 *
 * <pre>
 * # the nodes, in the order the console lists them
 * node1=192.0.2.1:7112
 * node2=192.0.2.2:7112
 * # optional: the admin token, and the CA that signed the agents' certificates (then TLS is used)
 * token-file=/etc/tandem/admin.token
 * ca=/etc/tandem/ca.crt
 * # optional: a client certificate and its key, for agents that require mutual TLS (tls_client_ca)
 * cert=/etc/tandem/console.crt
 * key=/etc/tandem/console.key
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are ignored; relative paths are relative to the
 * file's directory. {@code token-file}, {@code ca}, {@code cert} and {@code key} are therefore not
 * usable as node names.
 *
 * @param tokenFile the bearer token sent with every call; null for none
 * @param caFile    trust anchors for TLS; null for a plaintext connection (loopback, tests)
 * @param certFile  the client certificate for mutual TLS; null for none
 * @param keyFile   the private key of {@code certFile}; null for none
 */
public record ConsoleConfig(List<NodeAddress> nodes, Path tokenFile, Path caFile, Path certFile, Path keyFile) {
    public ConsoleConfig {
        nodes = List.copyOf(nodes);
        Map<String, NodeAddress> byName = new LinkedHashMap<>();
        for (NodeAddress node : nodes) {
            if (byName.put(node.name(), node) != null) {
                throw new IllegalArgumentException("node " + node.name() + " is given twice; each name must be unique");
            }
        }
    }

    public static ConsoleConfig read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Path dir = file.toAbsolutePath().getParent();
        List<NodeAddress> nodes = new ArrayList<>();
        Path token = null;
        Path ca = null;
        Path cert = null;
        Path clientKey = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(
                        where + "expected NAME=HOST:PORT, token-file=FILE, ca=FILE, cert=FILE or key=FILE, not '" + line
                                + "'");
            }
            String setting = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            try {
                switch (setting) {
                    case "token-file" -> token = dir.resolve(nonEmpty(value));
                    case "ca" -> ca = dir.resolve(nonEmpty(value));
                    case "cert" -> cert = dir.resolve(nonEmpty(value));
                    case "key" -> clientKey = dir.resolve(nonEmpty(value));
                    default -> nodes.add(NodeAddress.parse(line));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(file + ": no nodes: add a line NAME=HOST:PORT for each node");
        }
        return new ConsoleConfig(nodes, token, ca, cert, clientKey);
    }

    private static String nonEmpty(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a file name is missing after '='");
        }
        return value;
    }
}
