package net.tandem.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a configuration is read, in the order they are found. */
final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();
    private final List<KeywordUse> uses = new ArrayList<>();

    void error(SourcePos pos, String message) {
        all.add(Diagnostic.error(pos, message));
    }

    void warning(SourcePos pos, String message) {
        all.add(Diagnostic.warning(pos, message));
    }

    List<Diagnostic> all() {
        return List.copyOf(all);
    }

    /** A keyword of the {@link Keywords} table was met, whatever its class. */
    void used(SourcePos pos, Keyword keyword) {
        uses.add(new KeywordUse(pos, keyword));
    }

    List<KeywordUse> uses() {
        return List.copyOf(uses);
    }
}
