package net.tandem.agent.config;

import java.util.List;
import java.util.Optional;

/**
 * One line of configuration: a keyword, its arguments, and the block that follows it, if any
 * ({@code vrrp_instance VI_1 { ... }}).
 */
record Statement(List<Token> words, Optional<Block> block) {

    Statement {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a statement starts with a keyword");
        }
        words = List.copyOf(words);
    }

    String keyword() {
        return words.getFirst().text();
    }

    SourcePos pos() {
        return words.getFirst().pos();
    }

    /** The arguments after the keyword. */
    List<Token> args() {
        return words.subList(1, words.size());
    }

    /** Where a missing argument would have been: just after the last word. */
    SourcePos endPos() {
        Token last = words.getLast();
        SourcePos p = last.pos();
        return new SourcePos(p.file(), p.line(), p.column() + last.width());
    }

    /** A brace-delimited list of statements; {@code open} is the position of its {@code {}. */
    record Block(SourcePos open, List<Statement> body) {
        Block {
            body = List.copyOf(body);
        }
    }
}
