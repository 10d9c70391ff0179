package net.tandem.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.tandem.agent.config.TrackProcessConfig.ParamMatch;

/**
 * The keywords of {@code track_process NAME { ... }} (keepalived spells it {@code vrrp_track_process}), with
 * keepalived's rules from vrrp_parser.c: parameters on the {@code process} line, or {@code param_match}, mean the
 * command line is matched; {@code delay} sets both {@code fork_delay} and {@code terminate_delay}.
 */
final class TrackProcessGrammar {

    /** The kernel keeps 15 characters of a process name (TASK_COMM_LEN 16, with its NUL). */
    static final int COMM_MAX = 15;

    private static final Duration DELAY_MIN = Duration.ofNanos(1000);
    private static final Duration DELAY_MAX = Duration.ofHours(1);

    static final BlockGrammar<TrackProcessDraft> GRAMMAR = new BlockGrammar<TrackProcessDraft>()
            .value("process", (st, p, d) -> {
                if (p.process.isPresent()) {
                    d.error(st.pos(), p.where() + ": process: already set; one process per block");
                    return;
                }
                Args.word(st, 0, "a process name or path", d).ifPresent(name -> {
                    p.process = Optional.of(name);
                    p.processPos = st.args().getFirst().pos();
                    st.args().subList(1, st.args().size()).forEach(t -> p.params.add(t.text()));
                });
            })
            .value("param_match", (st, p, d) -> {
                if (st.args().isEmpty()) {
                    p.paramMatch = Optional.of(ParamMatch.EXACT);
                    return;
                }
                switch (st.args().getFirst().text()) {
                    case "initial" -> p.paramMatch = Optional.of(ParamMatch.INITIAL);
                    case "partial" -> p.paramMatch = Optional.of(ParamMatch.PARTIAL);
                    default -> Args.wrong(st, 0, "\"initial\" or \"partial\" (or nothing, for an exact match)", d);
                }
                Args.noMore(st, 1, d);
            })
            .value("weight", (st, p, d) -> {
                Args.integer(st, 0, -254, 254, d).ifPresent(v -> p.weight = v);
                if (Args.arg(st, 1).map(Token::text).filter("reverse"::equals).isPresent()) {
                    p.weightReverse = true;
                    Args.noMore(st, 2, d);
                } else {
                    Args.noMore(st, 1, d);
                }
            })
            .value("quorum", (st, p, d) -> {
                Args.integer(st, 0, 1, 65535, d).ifPresent(v -> {
                    p.quorum = OptionalInt.of(v);
                    p.quorumPos = st.pos();
                });
                Args.noMore(st, 1, d);
            })
            .value("quorum_max", (st, p, d) -> {
                Args.integer(st, 0, 0, 65535, d).ifPresent(v -> {
                    p.quorumMax = OptionalInt.of(v);
                    p.quorumMaxPos = st.pos();
                });
                Args.noMore(st, 1, d);
            })
            .value(
                    "delay",
                    (st, p, d) -> delay(st, d).ifPresent(v -> {
                        p.forkDelay = v;
                        p.terminateDelay = v;
                    }))
            .value("fork_delay", (st, p, d) -> delay(st, d).ifPresent(v -> p.forkDelay = v))
            .value("terminate_delay", (st, p, d) -> delay(st, d).ifPresent(v -> p.terminateDelay = v))
            .value("full_command", (st, p, d) -> {
                p.fullCommand = true;
                Args.noMore(st, 0, d);
            });

    private TrackProcessGrammar() {}

    private static Optional<Duration> delay(Statement st, Diagnostics d) {
        Optional<Duration> v = Args.seconds(st, 0, DELAY_MIN, DELAY_MAX, d);
        Args.noMore(st, 1, d);
        return v;
    }

    static final class TrackProcessDraft {
        final String keyword;
        final String name;
        final SourcePos declaredAt;
        Optional<String> process = Optional.empty();
        SourcePos processPos;
        final List<String> params = new ArrayList<>();
        Optional<ParamMatch> paramMatch = Optional.empty();
        boolean fullCommand;
        OptionalInt quorum = OptionalInt.empty();
        SourcePos quorumPos;
        OptionalInt quorumMax = OptionalInt.empty();
        SourcePos quorumMaxPos;
        Duration forkDelay = Duration.ZERO;
        Duration terminateDelay = Duration.ZERO;
        int weight;
        boolean weightReverse;

        /** @param keyword how the block was spelled, {@code track_process} or {@code vrrp_track_process} */
        TrackProcessDraft(String keyword, String name, SourcePos declaredAt) {
            this.keyword = keyword;
            this.name = name;
            this.declaredAt = declaredAt;
        }

        String where() {
            return keyword + " " + name;
        }

        TrackProcessConfig build(Diagnostics d) {
            if (process.isEmpty()) {
                d.error(declaredAt, where() + ": no process; add \"process NAME\" (or a path with full_command)");
            }
            // keepalived: parameters on the process line mean an exact match of the command line by default.
            ParamMatch match = paramMatch.orElse(params.isEmpty() ? ParamMatch.NONE : ParamMatch.EXACT);
            boolean full = fullCommand || match != ParamMatch.NONE;
            if (!full && process.isPresent() && process.get().length() > COMM_MAX) {
                d.warning(
                        processPos,
                        where() + ": process: \"" + process.get() + "\" is longer than the " + COMM_MAX
                                + " characters the kernel keeps of a process name, so it can never match;"
                                + " add full_command to match the command line");
            }
            // keepalived: quorum_max 0 (with no quorum above 1) means "up while none runs".
            int max = quorumMax.orElse(TrackProcessConfig.UNLIMITED);
            int min = quorum.orElse(max == 0 ? 0 : 1);
            if (max == 0 && quorum.isPresent() && quorum.getAsInt() == 1) {
                min = 0;
            }
            if (min > max) {
                d.error(
                        quorumMaxPos != null ? quorumMaxPos : quorumPos,
                        where() + ": quorum " + min + " is greater than quorum_max " + max
                                + "; the tracker could never be up");
            }
            return new TrackProcessConfig(
                    name,
                    declaredAt,
                    process.orElse(""),
                    params,
                    match,
                    full,
                    min,
                    max,
                    forkDelay,
                    terminateDelay,
                    weight,
                    weightReverse);
        }
    }
}
