package net.tandem.agent.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import net.tandem.agent.testlab.TestNetwork;
import net.tandem.agent.testlab.TestNetwork.Node;

/**
 * bin/chaos's Java side.
 *
 * <pre>
 * ChaosRun [--impl tandem|keepalived]... [--quick] [--tsv FILE] [--dir DIR] SCENARIO...
 *     runs each scenario against each implementation on a fresh netns LAN, prints each result,
 *     appends it to FILE as a tab-separated line
 * ChaosRun --table FILE     prints the Markdown fault table from FILE
 * ChaosRun --list           prints the scenarios, one a line: label, then description
 * </pre>
 */
public final class ChaosRun {
    private ChaosRun() {}

    public static void main(String[] args) throws IOException {
        List<Impl> impls = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        boolean quick = false;
        Path tsv = null;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--impl" -> impls.add(Impl.of(args[++i]));
                case "--quick" -> quick = true;
                case "--tsv" -> tsv = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--table" -> {
                    List<Tally> tallies = Files.readAllLines(Path.of(args[++i])).stream()
                            .filter(l -> !l.isBlank())
                            .map(Tally::fromTsv)
                            .toList();
                    System.out.print(ChaosTable.markdown(tallies));
                    return;
                }
                case "--list" -> {
                    for (Scenario s : Scenario.values()) {
                        System.out.println(s.label() + "\t" + s.description());
                    }
                    return;
                }
                default -> scenarios.add(Scenario.of(args[i]));
            }
        }
        if (impls.isEmpty()) {
            impls.add(Impl.TANDEM);
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(List.of(Scenario.values()));
        }
        if (dir == null) {
            dir = Files.createTempDirectory("tandem-chaos-");
        }
        Files.createDirectories(dir);
        List<Tally> tallies = new ArrayList<>();
        try (TestNetwork net = TestNetwork.create()) {
            List<Node> nodes = List.of(net.addNode(), net.addNode(), net.addNode());
            net.addClient();
            try (ChaosLab lab = new ChaosLab(net, nodes, dir, quick)) {
                for (Scenario s : scenarios) {
                    for (Impl impl : impls) {
                        System.err.println("chaos: " + s.label() + " against " + impl.label() + ": " + s.description());
                        Tally t = lab.run(s, impl);
                        tallies.add(t);
                        System.err.println("chaos: " + t);
                        if (tsv != null) {
                            Files.writeString(
                                    tsv,
                                    t.toTsv() + "\n",
                                    StandardCharsets.UTF_8,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                        }
                    }
                }
            }
        }
        System.out.print(ChaosTable.markdown(tallies));
        System.err.println("chaos: logs and configs in " + dir);
    }
}
