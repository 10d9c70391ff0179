package net.tandem.agent.config;

import java.util.Objects;

/**
 * One keyword of keepalived's configuration in one block, with what Tandem does with it.
 *
 * @param block       where the keyword is written: {@link Keywords#TOP_LEVEL}, {@code global_defs},
 *                    {@code vrrp_instance}, ...
 * @param explanation one line; for {@link KeywordClass#REFUSED}, what to do instead
 */
public record Keyword(String block, String name, KeywordClass keywordClass, String explanation) {

    public Keyword {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keywordClass, "keywordClass");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** {@code vrrp_instance accept}, or just the name at the top level. */
    public String where() {
        return block.equals(Keywords.TOP_LEVEL) ? name : block + " " + name;
    }
}
