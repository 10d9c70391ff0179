package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * keepalived-syntax files under {@code keywords/}, one per class, where each line with a keyword says what is
 * expected of it ({@code # expect: honoured|accepted|refused}): the table gives that class, an accepted keyword is
 * warned about on its line, a refused one is an error on its line, and no other line has a keyword of the table.
 */
class KeywordCorpusTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "keywords");
    private static final Pattern EXPECT = Pattern.compile("# expect: (honoured|accepted|refused)\\s*$");

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyKeywordHasItsExpectedClass(Path conf) throws IOException {
        ConfigResult result = ConfigLoader.load(conf);

        Map<Integer, String> expected = expectedClasses(conf);
        Map<Integer, String> actual = new TreeMap<>();
        for (KeywordUse use : result.keywordUses()) {
            String c = use.keyword().keywordClass().name().toLowerCase(java.util.Locale.ROOT);
            String before = actual.putIfAbsent(use.pos().line(), c);
            assertThat(before).as("line %d: two classes", use.pos().line()).isIn(null, c);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void acceptedKeywordsWarnAndRefusedOnesAreErrorsOnTheirLine(Path conf) throws IOException {
        ConfigResult result = ConfigLoader.load(conf);

        Map<Integer, String> expected = expectedClasses(conf);
        Map<Integer, String> diagnosed = new TreeMap<>();
        for (Diagnostic d : result.diagnostics()) {
            diagnosed.put(d.pos().line(), d.isError() ? "refused" : "accepted");
        }
        Map<Integer, String> notHonoured = expected.entrySet().stream()
                .filter(e -> !e.getValue().equals("honoured"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(diagnosed).isEqualTo(notHonoured);
    }

    private static Map<Integer, String> expectedClasses(Path conf) throws IOException {
        List<String> lines = Files.readAllLines(conf);
        Map<Integer, String> expected = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            if (m.find()) {
                expected.put(i + 1, m.group(1));
            }
        }
        return expected;
    }
}
