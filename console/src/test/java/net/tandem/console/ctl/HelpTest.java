package net.tandem.console.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --help} of tandemctl and each command fits the width and never breaks an option name across lines. */
class HelpTest {

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*[a-z]");

    private static List<String> helps(int width) {
        List<String> helps = new ArrayList<>();
        CommandLine root = TandemCtl.commandLine();
        List<CommandLine> all = new ArrayList<>(List.of(root));
        all.addAll(root.getSubcommands().values());
        for (CommandLine cl : all) {
            cl.setUsageHelpWidth(width);
            StringWriter out = new StringWriter();
            cl.usage(new PrintWriter(out, true));
            helps.add(out.toString());
        }
        return helps;
    }

    private static long count(Pattern p, String text, String name) {
        Matcher m = p.matcher(text);
        long n = 0;
        while (m.find()) {
            if (m.group().equals(name)) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(ints = {55, 80, 120})
    void everyLineFitsAndNoOptionIsBrokenAcrossLines(int width) {
        for (String help : helps(width)) {
            assertThat(help.lines())
                    .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(width));
            // Glue each line to the next without its indent: an option split at a line break becomes whole there.
            String glued = help.replaceAll("\\n\\s*", "");
            Matcher m = OPTION.matcher(glued);
            while (m.find()) {
                assertThat(count(OPTION, help, m.group()))
                        .as("%s broken across lines at width %d:%n%s", m.group(), width, help)
                        .isEqualTo(count(OPTION, glued, m.group()));
            }
        }
    }

    @Test
    void helpFollowsTheTerminalWidthWhenItCanBeTold() {
        assertThat(TandemCtl.commandLine().isUsageHelpAutoWidth()).isTrue();
    }
}
