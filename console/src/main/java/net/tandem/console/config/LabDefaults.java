package net.tandem.console.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code tandem-console} watches when given no nodes: on a node, the agent's control socket; in a
 * checkout where {@code bin/tandem-lab} has made a lab, the lab, whose
 * nodes are 192.0.2.1 and 192.0.2.2 and whose state (generated admin token and CA among it) lives
 * in {@code .lab/} under the project root, or in {@code $TANDEM_LAB_DIR} as for the lab script.
 */
public final class LabDefaults {
    /** The lab's directory, relative to the project root: the one constant to change if the lab moves. */
    public static final String LAB_DIR = ".lab";

    public static final String TOKEN_FILE = "admin.token";
    public static final String CA_FILE = "ca.crt";
    public static final List<NodeAddress> NODES = List.of(
            new NodeAddress("node1", "192.0.2.1", NodeAddress.DEFAULT_PORT),
            new NodeAddress("node2", "192.0.2.2", NodeAddress.DEFAULT_PORT));

    /** The agent's control socket on this machine: what the console watches where there is no lab. */
    public static final NodeAddress LOCAL = new NodeAddress("local", "unix:/run/tandem/control.sock", 0);

    private LabDefaults() {}

    /** Where the lab keeps its state: {@code $TANDEM_LAB_DIR}, else .lab/ under the project root. */
    public static Path labDir(Path projectRoot, String labDirOverride) {
        return labDirOverride == null || labDirOverride.isBlank()
                ? projectRoot.resolve(LAB_DIR)
                : Path.of(labDirOverride);
    }

    /**
     * What the console watches when given no nodes: the lab's nodes where a lab has been made (its directory
     * exists), else this machine's agent over its control socket (an installed node, as tandemctl does).
     */
    public static ConsoleConfig forNoArguments(Path projectRoot, String labDirOverride) {
        if (Files.isDirectory(labDir(projectRoot, labDirOverride))) {
            return config(projectRoot, labDirOverride);
        }
        return new ConsoleConfig(List.of(LOCAL), null, null, null, null);
    }

    /**
     * The lab's nodes, with its token and CA if the lab has made them (a lab without TLS is
     * watched in plaintext).
     *
     * @param projectRoot    where bin/ and .lab/ are (the launcher passes it)
     * @param labDirOverride {@code $TANDEM_LAB_DIR}, or null
     */
    public static ConsoleConfig config(Path projectRoot, String labDirOverride) {
        Path lab = labDir(projectRoot, labDirOverride);
        Path token = lab.resolve(TOKEN_FILE);
        Path ca = lab.resolve(CA_FILE);
        return new ConsoleConfig(
                NODES, Files.isRegularFile(token) ? token : null, Files.isRegularFile(ca) ? ca : null, null, null);
    }
}
