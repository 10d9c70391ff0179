package net.tandem.agent.config;

import java.util.List;

/**
 * What reading a configuration produced: the model and every problem found, in the order found. The model is
 * complete only when {@link #hasErrors()} is false; with errors it is a best effort, for tools that want to show it.
 */
public record ConfigResult(KeepalivedConfig config, List<Diagnostic> diagnostics) {

    public ConfigResult {
        diagnostics = List.copyOf(diagnostics);
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
