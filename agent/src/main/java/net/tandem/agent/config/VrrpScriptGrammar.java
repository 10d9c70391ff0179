package net.tandem.agent.config;

import java.time.Duration;
import java.util.Optional;

/** The keywords of {@code vrrp_script NAME { ... }}, with keepalived's defaults. */
final class VrrpScriptGrammar {

    private static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);

    static final BlockGrammar<ScriptDraft> GRAMMAR = new BlockGrammar<ScriptDraft>()
            .value("script", (st, s, d) -> {
                if (st.args().size() > 1) {
                    // keepalived 2.x reads only the first word (or quoted string) and drops the rest.
                    d.warning(
                            st.args().get(1).pos(),
                            "script: keepalived runs only \""
                                    + st.args().getFirst().text()
                                    + "\" and drops the rest of an unquoted line; Tandem passes the arguments on."
                                    + " Quote the whole command so that both run the same");
                }
                Args.commandLine(st, d).ifPresent(c -> s.command = Optional.of(c));
            })
            .value("interval", (st, s, d) -> {
                Args.seconds(st, 0, MIN_INTERVAL, MAX_INTERVAL, d).ifPresent(v -> s.interval = v);
                Args.noMore(st, 1, d);
            })
            .value("timeout", (st, s, d) -> {
                Args.seconds(st, 0, MIN_INTERVAL, MAX_INTERVAL, d).ifPresent(v -> s.timeout = Optional.of(v));
                Args.noMore(st, 1, d);
            })
            .value("weight", (st, s, d) -> {
                Args.integer(st, 0, -253, 253, d).ifPresent(v -> s.weight = v);
                if (Args.arg(st, 1).map(Token::text).filter("reverse"::equals).isPresent()) {
                    s.weightReverse = true;
                    Args.noMore(st, 2, d);
                } else {
                    Args.noMore(st, 1, d);
                }
            })
            .value("rise", (st, s, d) -> {
                Args.integer(st, 0, 1, Integer.MAX_VALUE, d).ifPresent(v -> s.rise = v);
                Args.noMore(st, 1, d);
            })
            .value("fall", (st, s, d) -> {
                Args.integer(st, 0, 1, Integer.MAX_VALUE, d).ifPresent(v -> s.fall = v);
                Args.noMore(st, 1, d);
            })
            .value("user", (st, s, d) -> ScriptUsers.parse(st, d).ifPresent(u -> s.user = Optional.of(u)))
            .value("init_fail", (st, s, d) -> {
                s.initFail = true;
                Args.noMore(st, 0, d);
            });

    private VrrpScriptGrammar() {}

    static final class ScriptDraft {
        final String name;
        final SourcePos declaredAt;
        Optional<String> command = Optional.empty();
        Duration interval = VrrpScriptConfig.DEFAULT_INTERVAL;
        Optional<Duration> timeout = Optional.empty();
        int weight;
        boolean weightReverse;
        int rise = 1;
        int fall = 1;
        Optional<ScriptUser> user = Optional.empty();
        boolean initFail;

        ScriptDraft(String name, SourcePos declaredAt) {
            this.name = name;
            this.declaredAt = declaredAt;
        }

        VrrpScriptConfig build(Diagnostics d) {
            if (command.isEmpty()) {
                d.error(declaredAt, "vrrp_script " + name + ": no script; add \"script COMMAND\"");
            }
            return new VrrpScriptConfig(
                    name,
                    declaredAt,
                    command.orElse(""),
                    interval,
                    timeout,
                    weight,
                    weightReverse,
                    rise,
                    fall,
                    user,
                    initFail);
        }
    }
}
