package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code NAME.conf} under {@code config/broken/} and {@code config/warnings/} comes with {@code NAME.expected}:
 * the exact diagnostics, one per line, file names relative to the corpus directory. {@code broken/} files must be
 * refused; {@code warnings/} files must be accepted with exactly those warnings.
 */
class DiagnosticCorpusTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "config");

    static Stream<Path> broken() throws IOException {
        return confs("broken");
    }

    static Stream<Path> warnings() throws IOException {
        return confs("warnings");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenConfigIsRefusedWithExactlyTheExpectedDiagnostics(Path conf) throws IOException {
        ConfigResult result = ConfigLoader.load(conf);

        assertThat(shown(conf, result)).containsExactlyElementsOf(expected(conf));
        assertThat(result.hasErrors()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warnings")
    void questionableConfigIsAcceptedWithExactlyTheExpectedWarnings(Path conf) throws IOException {
        ConfigResult result = ConfigLoader.load(conf);

        assertThat(shown(conf, result)).containsExactlyElementsOf(expected(conf));
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.config().warnings()).isEqualTo(result.diagnostics());
    }

    private static Stream<Path> confs(String dir) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve(dir))) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    private static List<String> shown(Path conf, ConfigResult result) {
        String dir = conf.getParent() + "/";
        return result.diagnostics().stream()
                .map(d -> d.toString().replace(dir, ""))
                .toList();
    }

    private static List<String> expected(Path conf) throws IOException {
        Path expected = conf.resolveSibling(conf.getFileName().toString().replace(".conf", ".expected"));
        return Files.readAllLines(expected).stream().filter(l -> !l.isBlank()).toList();
    }
}
