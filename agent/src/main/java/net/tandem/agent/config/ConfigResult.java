package net.tandem.agent.config;

import java.util.List;

/**
 * What reading a configuration produced: the model and every problem found, in the order found. The model is
 * complete only when {@link #hasErrors()} is false; with errors it is a best effort, for tools that want to show it.
 * {@code keywordUses}: every keyword of the {@link Keywords} table met, in the order met (for the migration summary).
 */
public record ConfigResult(KeepalivedConfig config, List<Diagnostic> diagnostics, List<KeywordUse> keywordUses) {

    public ConfigResult {
        diagnostics = List.copyOf(diagnostics);
        keywordUses = List.copyOf(keywordUses);
    }

    public ConfigResult(KeepalivedConfig config, List<Diagnostic> diagnostics) {
        this(config, diagnostics, List.of());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(x -> !x.isError()).toList();
    }
}
