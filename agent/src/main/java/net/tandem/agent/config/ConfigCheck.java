package net.tandem.agent.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code tandem-agent -f FILE --check}: reads a configuration, prints every diagnostic and a one-line summary, and
 * says through its exit code whether the configuration is usable, like {@code keepalived -t}.
 */
public final class ConfigCheck {

    /** Exit code: the configuration is usable (warnings allowed). */
    public static final int OK = 0;
    /** Exit code: at least one error. */
    public static final int ERRORS = 1;

    private ConfigCheck() {}

    /**
     * Diagnostics go to {@code err}, one per line, in the order found; the summary
     * ({@code conf/x.conf: 2 instances, 0 errors, 1 warning}) goes to {@code out}.
     *
     * @return {@link #OK} or {@link #ERRORS}
     */
    public static int run(Path file, PrintWriter out, PrintWriter err) {
        return run(file, false, out, err);
    }

    /**
     * As {@link #run(Path, PrintWriter, PrintWriter)}, then the migration summary
     * ({@code migration: 23 keywords honoured, 2 accepted with warnings (ignored), 0 refused}); with
     * {@code explain}, first every keyword used, once, with its class and why ({@code --check --explain}).
     */
    public static int run(Path file, boolean explain, PrintWriter out, PrintWriter err) {
        return run(file, explain, out, err, c -> List.of());
    }

    /**
     * As {@link #run(Path, boolean, PrintWriter, PrintWriter)}, adding what {@code onHost} finds
     * about a configuration that read without errors on this host (scripts' owners and modes).
     */
    public static int run(
            Path file,
            boolean explain,
            PrintWriter out,
            PrintWriter err,
            Function<KeepalivedConfig, List<Diagnostic>> onHost) {
        ConfigResult result = ConfigLoader.load(file);
        if (!result.hasErrors()) {
            List<Diagnostic> all = new ArrayList<>(result.diagnostics());
            all.addAll(onHost.apply(result.config()));
            result = new ConfigResult(result.config(), all, result.keywordUses());
        }
        for (Diagnostic diagnostic : result.diagnostics()) {
            err.println(diagnostic);
        }
        // The FIFOs are on this host: checked here too, so that --check says what the start would refuse.
        boolean fifoErrors = false;
        if (result.config() != null) {
            for (NotifyFifoConfig f : result.config().globals().notifyFifos()) {
                var problem = FifoPaths.problem(f.path());
                if (problem.isPresent()) {
                    err.println(Diagnostic.error(f.declaredAt(), f.keyword() + " " + f.path() + ": " + problem.get()));
                    fifoErrors = true;
                }
            }
        }
        err.flush();
        Map<Keyword, KeywordUse> firstUses = firstUses(result);
        if (explain) {
            for (KeywordUse use : firstUses.values()) {
                out.println(explanation(use));
            }
        }
        out.println(summary(file, result));
        out.println(migrationSummary(firstUses.keySet()));
        out.flush();
        return result.hasErrors() || fifoErrors ? ERRORS : OK;
    }

    /** {@code x.conf:4:5: refused: vrrp_instance accept: remove it: ...}: one line per keyword of the file. */
    static String explanation(KeywordUse use) {
        Keyword k = use.keyword();
        return use.pos() + ": " + k.keywordClass().label() + ": " + k.where() + ": " + k.explanation();
    }

    /** Counts keywords, not lines: {@code priority} in three instances is one keyword honoured. */
    static String migrationSummary(Collection<Keyword> used) {
        Map<KeywordClass, Long> counts = new EnumMap<>(KeywordClass.class);
        for (Keyword k : used) {
            counts.merge(k.keywordClass(), 1L, Long::sum);
        }
        long honoured = counts.getOrDefault(KeywordClass.HONOURED, 0L);
        return "migration: " + honoured + (honoured == 1 ? " keyword" : " keywords") + " honoured, "
                + counts.getOrDefault(KeywordClass.ACCEPTED, 0L) + " accepted with warnings (ignored), "
                + counts.getOrDefault(KeywordClass.REFUSED, 0L) + " refused";
    }

    private static Map<Keyword, KeywordUse> firstUses(ConfigResult result) {
        Map<Keyword, KeywordUse> first = new LinkedHashMap<>();
        for (KeywordUse use : result.keywordUses()) {
            first.putIfAbsent(use.keyword(), use);
        }
        return first;
    }

    static String summary(Path file, ConfigResult result) {
        return file + ": " + count(result.config().instances().size(), "instance") + ", "
                + count(result.errors().size(), "error") + ", "
                + count(result.warnings().size(), "warning");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
