package net.tandem.agent.config;

/**
 * One lexical unit of keepalived.conf syntax. {@code quoted} remembers that a word was written in double quotes, so
 * that {@code "/usr/bin/check arg"} stays one word and is never taken for a keyword.
 */
record Token(Kind kind, String text, SourcePos pos, boolean quoted) {

    enum Kind {
        WORD,
        OPEN_BRACE,
        CLOSE_BRACE,
        /** keepalived's syntax is line oriented: a statement ends at the end of its line. */
        END_OF_LINE
    }

    /** The token as the user wrote it, for messages: quotes restored. */
    String shown() {
        return quoted ? '"' + text + '"' : text;
    }

    /** Columns the token occupies in the source, quotes included. */
    int width() {
        return quoted ? text.length() + 2 : text.length();
    }
}
