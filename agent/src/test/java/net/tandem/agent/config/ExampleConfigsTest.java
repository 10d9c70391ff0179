package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example shipped in conf/ must check cleanly: they are what users copy. */
class ExampleConfigsTest {

    private static final Path CONF = Path.of("..", "conf");

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(CONF)) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleHasNoErrorsAndNoWarnings(Path conf) {
        ConfigResult result = ConfigLoader.load(conf);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.config().instances()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void checkExplainNamesEveryKeywordOfTheExampleAsHonoured(Path conf) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = ConfigCheck.run(conf, true, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).isEqualTo(ConfigCheck.OK);
        assertThat(err.toString()).isEmpty();
        List<String> lines = out.toString().lines().toList();
        List<String> explained = lines.subList(0, lines.size() - 2);
        assertThat(explained).isNotEmpty().allMatch(l -> l.startsWith(conf + ":") && l.contains(": honoured: "));
        assertThat(lines.getLast())
                .isEqualTo("migration: " + explained.size()
                        + " keywords honoured, 0 accepted with warnings (ignored), 0 refused");
    }

    @Test
    void thereAreExamplesForAllThreeWaysOfRunning() throws IOException {
        assertThat(examples())
                .extracting(p -> p.getParent().getFileName().toString())
                .contains("seed-dual-master", "master-backup", "cluster-3node");
    }

    @Test
    void clusterRanksEachVirtualAddressOnEveryNode() {
        int[][] priorities = new int[3][];
        for (int node = 1; node <= 3; node++) {
            KeepalivedConfig c = ConfigLoader.load(CONF.resolve("cluster-3node/node" + node + ".conf"))
                    .config();
            priorities[node - 1] = c.instances().stream()
                    .mapToInt(VrrpInstanceConfig::priority)
                    .toArray();
            VrrpInstanceConfig vi2 = c.instance("VI_2").orElseThrow();
            assertThat(vi2.version()).isEqualTo(VrrpVersion.V3);
            assertThat(vi2.advertInterval()).isEqualTo(Duration.ofMillis(100));
            assertThat(vi2.authentication()).isEmpty();
        }
        assertThat(priorities).isDeepEqualTo(new int[][] {{150, 50}, {100, 150}, {50, 100}});
    }
}
