package net.tandem.agent.config;

import java.util.Optional;

/** Reads {@code user USER [GROUP]} / {@code script_user USER [GROUP]}. */
final class ScriptUsers {

    private ScriptUsers() {}

    static Optional<ScriptUser> parse(Statement st, Diagnostics d) {
        Optional<String> user = Args.word(st, 0, "a user name", d);
        Optional<String> group = Args.arg(st, 1).map(Token::text);
        Args.noMore(st, 2, d);
        return user.map(u -> new ScriptUser(u, group));
    }
}
