package net.tandem.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keywords one kind of block understands, each with its handler: adding a keyword (or, at the top level, a
 * whole new block such as {@code tandem_control}) is adding a row. A keyword not in the table is a warning, never
 * silently dropped, and its block, if any, is skipped whole.
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
        for (Statement st : body) {
            Rule<T> rule = rules.get(st.keyword());
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
}
