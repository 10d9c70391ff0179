package net.tandem.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keywords one kind of block understands, each with its handler: adding a keyword (or, at the top level, a
 * whole new block such as {@code tandem_control}) is adding a row. A keyword it does not implement is looked up in
 * {@link Keywords}: accepted ones are a warning, refused ones an error saying what to do. A keyword in neither table
 * is unknown: a warning, never silently dropped. Either way its block, if any, is skipped whole.
 *
 * @param <T> what the handlers fill in (a builder)
 */
final class BlockGrammar<T> {

    /** Handles one statement whose keyword matched. */
    @FunctionalInterface
    interface Handler<T> {
        void handle(Statement statement, T target, Diagnostics diagnostics);
    }

    private record Rule<T>(boolean takesBlock, Handler<T> handler) {}

    private final Map<String, Rule<T>> rules = new LinkedHashMap<>();

    /** A keyword followed by arguments on its line, and no block. */
    BlockGrammar<T> value(String keyword, Handler<T> handler) {
        rules.put(keyword, new Rule<>(false, handler));
        return this;
    }

    /** A keyword that opens a block ({@code keyword [args] { ... }}). */
    BlockGrammar<T> block(String keyword, Handler<T> handler) {
        rules.put(keyword, new Rule<>(true, handler));
        return this;
    }

    Set<String> keywords() {
        return rules.keySet();
    }

    /**
     * Applies the table to a block's statements.
     *
     * @param where how messages name this block, e.g. {@code vrrp_instance VI_1}; empty at the top level
     */
    void apply(String where, Iterable<Statement> body, T target, Diagnostics diagnostics) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        String block = Keywords.blockOf(where);
        for (Statement st : body) {
            Rule<T> rule = rules.get(st.keyword());
            Optional<Keyword> row =
                    st.words().getFirst().quoted() ? Optional.empty() : Keywords.find(block, st.keyword());
            row.ifPresent(k -> diagnostics.used(st.pos(), k));
            if (rule == null && row.isPresent()) {
                notImplemented(prefix, st, row.get(), diagnostics);
                continue;
            }
            if (rule == null || st.words().getFirst().quoted()) {
                if (st.block().isPresent()) {
                    diagnostics.warning(
                            st.pos(), prefix + "unknown block \"" + st.keyword() + "\"; skipped with its contents");
                } else {
                    diagnostics.warning(st.pos(), prefix + "unknown keyword \"" + st.keyword() + "\"; ignored");
                }
                continue;
            }
            if (rule.takesBlock() && st.block().isEmpty()) {
                diagnostics.error(st.endPos(), prefix + st.keyword() + ": expected \"{\" to open its block");
                continue;
            }
            if (!rule.takesBlock() && st.block().isPresent()) {
                diagnostics.error(
                        st.block().get().open(),
                        prefix + st.keyword() + ": takes no block; \"{\" unexpected (block skipped)");
                continue;
            }
            rule.handler().handle(st, target, diagnostics);
        }
    }

    /** A keyword of the {@link Keywords} table that this grammar does not implement: warned about or refused. */
    private static void notImplemented(String prefix, Statement st, Keyword k, Diagnostics diagnostics) {
        String skipped = st.block().isPresent() ? " (with its block)" : "";
        switch (k.keywordClass()) {
            case ACCEPTED ->
                diagnostics.warning(
                        st.pos(), prefix + st.keyword() + ": accepted and ignored" + skipped + ": " + k.explanation());
            case REFUSED -> diagnostics.error(st.pos(), prefix + st.keyword() + ": refused: " + k.explanation());
            // Honoured, but its grammar is not in this build (top-level track_file and track_process come with the
            // tracking work): refused rather than silently dropped.
            case HONOURED ->
                diagnostics.error(
                        st.pos(),
                        prefix + st.keyword() + ": not read by this build of Tandem yet (" + k.explanation()
                                + "); remove it");
        }
    }
}
