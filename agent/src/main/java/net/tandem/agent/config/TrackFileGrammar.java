package net.tandem.agent.config;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The keywords of {@code track_file NAME { ... }}, also spelled {@code vrrp_track_file} (keepalived's deprecated
 * synonym, same meaning).
 */
final class TrackFileGrammar {

    static final BlockGrammar<TrackFileDraft> GRAMMAR = new BlockGrammar<TrackFileDraft>()
            .value("file", (st, f, d) -> {
                Args.word(st, 0, "a file path", d).ifPresent(p -> f.file = Optional.of(p));
                Args.noMore(st, 1, d);
            })
            .value("weight", (st, f, d) -> {
                Args.integer(st, 0, -254, 254, d).ifPresent(v -> f.weight = v);
                if (Args.arg(st, 1).map(Token::text).filter("reverse"::equals).isPresent()) {
                    f.weightReverse = true;
                    Args.noMore(st, 2, d);
                } else {
                    Args.noMore(st, 1, d);
                }
            })
            .value("init_file", (st, f, d) -> {
                long value = 0;
                int used = 0;
                if (!st.args().isEmpty() && !st.args().getFirst().text().equals("overwrite")) {
                    var v = Args.integer(st, 0, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, d);
                    value = v.orElse(0);
                    used = 1;
                }
                if (Args.arg(st, used)
                        .map(Token::text)
                        .filter("overwrite"::equals)
                        .isPresent()) {
                    used++;
                }
                f.initFile = OptionalLong.of(value);
                Args.noMore(st, used, d);
            });

    private TrackFileGrammar() {}

    static final class TrackFileDraft {
        final String keyword;
        final String name;
        final SourcePos declaredAt;
        Optional<String> file = Optional.empty();
        int weight = 1;
        boolean weightReverse;
        OptionalLong initFile = OptionalLong.empty();

        /** @param keyword how the block was spelled, {@code track_file} or {@code vrrp_track_file} */
        TrackFileDraft(String keyword, String name, SourcePos declaredAt) {
            this.keyword = keyword;
            this.name = name;
            this.declaredAt = declaredAt;
        }

        TrackFileConfig build(Diagnostics d) {
            if (file.isEmpty()) {
                d.error(declaredAt, keyword + " " + name + ": no file; add \"file PATH\"");
            }
            return new TrackFileConfig(name, declaredAt, file.orElse(""), weight, weightReverse, initFile);
        }
    }
}
