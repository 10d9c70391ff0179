package net.tandem.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads keepalived.conf syntax into a {@link KeepalivedConfig}. Never throws for anything a user can get wrong:
 * unreadable files, syntax errors and inconsistent settings all come back as {@link Diagnostic}s.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** Reads {@code file} and the files it includes; file names in diagnostics are relative as {@code file} is. */
    public static ConfigResult load(Path file) {
        Diagnostics d = new Diagnostics();
        StatementReader reader = new StatementReader(d);
        List<Statement> statements = reader.readFile(file, new SourcePos(file.toString(), 1, 1));
        KeepalivedConfig config = ConfigParser.parse(statements, d);
        return new ConfigResult(config, d.all(), d.uses());
    }

    /**
     * Reads configuration text that is not in a file.
     *
     * @param fileName how diagnostics name the text
     * @param baseDir  where {@code include} patterns are resolved
     */
    public static ConfigResult parse(String fileName, String text, Path baseDir) {
        Diagnostics d = new Diagnostics();
        List<Statement> statements = new StatementReader(d).readText(fileName, text, baseDir);
        KeepalivedConfig config = ConfigParser.parse(statements, d);
        return new ConfigResult(config, d.all(), d.uses());
    }
}
