package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the configuration lexer, statement reader (with {@code include}) and
 * parser (Jazzer): whatever the text, {@link ConfigLoader} answers with a configuration and
 * diagnostics, never an exception. bin/test replays the seed corpus under
 * src/test/resources/net/tandem/agent/config/ConfigFuzzTargetInputs and fuzzes for a few seconds;
 * {@code bin/fuzz config --minutes N} fuzzes longer.
 *
 * <p>The input is up to three files separated by a NUL byte: the main text, then {@code a.conf} and
 * {@code sub/b.conf} beside it, so that {@code include a.conf}, {@code include sub/*.conf} and
 * includes of includes (and their cycles) are reached.
 */
class ConfigFuzzTarget {

    private static final Path DIR = directory();

    @FuzzTest(maxDuration = "3s")
    void anyTextGivesAConfigAndDiagnosticsNeverAnException(byte[] input) throws IOException {
        String[] files = new String(input, StandardCharsets.ISO_8859_1).split("\0", 3);
        Files.writeString(DIR.resolve("a.conf"), files.length > 1 ? files[1] : "", StandardCharsets.ISO_8859_1);
        Files.writeString(DIR.resolve("sub/b.conf"), files.length > 2 ? files[2] : "", StandardCharsets.ISO_8859_1);

        ConfigResult result = ConfigLoader.parse("fuzz.conf", files[0], DIR);

        assertThat(result.config()).isNotNull();
        assertThat(result.diagnostics()).doesNotContainNull();
    }

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("tandem-config-fuzz");
            Files.createDirectories(dir.resolve("sub"));
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
