package net.tandem.agent.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads files into a tree of {@link Statement}s: matches braces, and replaces every {@code include} line, at any
 * depth, by the statements of the files it names (keepalived includes are textual). Problems become diagnostics;
 * reading goes on after each of them.
 */
final class StatementReader {
    private final Diagnostics diagnostics;
    /** Files being read, outermost first, to refuse include cycles. */
    private final Deque<Path> including = new ArrayDeque<>();

    StatementReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Reads a file from disk; an I/O error is reported at {@code from} (the include line, or line 1 of the file). */
    List<Statement> readFile(Path file, SourcePos from) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            diagnostics.error(from, "cannot read " + file + ": no such file");
            return List.of();
        } catch (MalformedInputException e) {
            diagnostics.error(from, "cannot read " + file + ": not UTF-8 text");
            return List.of();
        } catch (IOException e) {
            diagnostics.error(from, "cannot read " + file + ": " + e.getMessage());
            return List.of();
        }
        Path key = identity(file);
        including.push(key);
        try {
            return readText(file.toString(), text, file.getParent());
        } finally {
            including.pop();
        }
    }

    /** Reads text that did not come from a file (tests, stdin); includes resolve against {@code baseDir}. */
    List<Statement> readText(String fileName, String text, Path baseDir) {
        List<Token> tokens = new Lexer(fileName, diagnostics).tokenize(text);
        return new Cursor(tokens, baseDir).body(null);
    }

    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** Walks one file's tokens. */
    private final class Cursor {
        private final List<Token> tokens;
        private final Path baseDir;
        private int next;

        Cursor(List<Token> tokens, Path baseDir) {
            this.tokens = tokens;
            this.baseDir = baseDir == null ? Path.of("") : baseDir;
        }

        /** Statements up to the {@code }} closing {@code open}, or to end of file when {@code open} is null. */
        List<Statement> body(SourcePos open) {
            List<Statement> body = new ArrayList<>();
            List<Token> words = new ArrayList<>();
            while (next < tokens.size()) {
                Token t = tokens.get(next++);
                switch (t.kind()) {
                    case WORD -> words.add(t);
                    case END_OF_LINE -> {
                        finish(words, Optional.empty(), body);
                        words = new ArrayList<>();
                    }
                    case OPEN_BRACE -> {
                        Statement.Block block = new Statement.Block(t.pos(), body(t.pos()));
                        if (!words.isEmpty()) {
                            finish(words, Optional.of(block), body);
                            words = new ArrayList<>();
                        } else if (!body.isEmpty() && body.getLast().block().isEmpty()) {
                            // "{" alone on the line after its keyword: keepalived accepts that layout too
                            Statement previous = body.removeLast();
                            body.add(new Statement(previous.words(), Optional.of(block)));
                        } else {
                            diagnostics.error(t.pos(), "\"{\" without a keyword before it; block skipped");
                        }
                    }
                    case CLOSE_BRACE -> {
                        if (open != null) {
                            finish(words, Optional.empty(), body);
                            return body;
                        }
                        diagnostics.error(t.pos(), "unexpected \"}\": no block is open here");
                    }
                }
            }
            finish(words, Optional.empty(), body);
            if (open != null) {
                Token eof = tokens.getLast();
                diagnostics.error(
                        open,
                        "\"{\" is never closed: reached the end of " + eof.pos().file() + " looking for its \"}\"");
            }
            return body;
        }

        private void finish(List<Token> words, Optional<Statement.Block> block, List<Statement> body) {
            if (words.isEmpty()) {
                return;
            }
            Statement st = new Statement(words, block);
            if (st.keyword().equals("include") && !words.getFirst().quoted()) {
                body.addAll(include(st));
            } else {
                body.add(st);
            }
        }

        private List<Statement> include(Statement st) {
            if (st.args().size() != 1 || st.block().isPresent()) {
                diagnostics.error(
                        st.pos(),
                        "include: expected one file name or glob pattern, as in "
                                + "\"include /etc/keepalived/conf.d/*.conf\"");
                return List.of();
            }
            String pattern = st.args().getFirst().text();
            List<Path> files;
            try {
                files = IncludeResolver.expand(baseDir, pattern);
            } catch (IOException e) {
                diagnostics.error(
                        st.args().getFirst().pos(),
                        "include: cannot list files for \"" + pattern + "\": " + e.getMessage());
                return List.of();
            } catch (java.util.regex.PatternSyntaxException | java.nio.file.InvalidPathException e) {
                // found by fuzzing (ConfigFuzzTarget): "include sub/*.con[f" threw out of the reader
                diagnostics.error(
                        st.args().getFirst().pos(),
                        "include: \"" + pattern + "\" is not a valid file name or glob pattern: "
                                + e.getMessage().lines().findFirst().orElse(""));
                return List.of();
            }
            if (files.isEmpty()) {
                diagnostics.warning(st.args().getFirst().pos(), "include: no file matches \"" + pattern + "\"");
                return List.of();
            }
            List<Statement> out = new ArrayList<>();
            for (Path file : files) {
                Path key = identity(file);
                if (including.contains(key)) {
                    diagnostics.error(st.pos(), "include cycle: " + cycle(key, file));
                    continue;
                }
                out.addAll(readFile(file, st.args().getFirst().pos()));
            }
            return out;
        }

        private String cycle(Path key, Path file) {
            List<Path> chain = new ArrayList<>(including);
            Collections.reverse(chain);
            StringBuilder sb = new StringBuilder();
            boolean started = false;
            for (Path p : chain) {
                started |= p.equals(key);
                if (started) {
                    sb.append(p.getFileName()).append(" -> ");
                }
            }
            return sb.append(file.getFileName()).toString();
        }
    }
}
