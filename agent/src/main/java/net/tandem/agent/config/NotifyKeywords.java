package net.tandem.agent.config;

import java.util.Optional;
import java.util.function.Function;

/** The notify keywords shared by {@code vrrp_instance} and {@code vrrp_sync_group}. */
final class NotifyKeywords {

    private NotifyKeywords() {
    }

    static <T> void addTo(BlockGrammar<T> grammar, Function<T, Draft> draft) {
        grammar.value("notify_master", (st, t, d) -> draft.apply(t).master = Args.commandLine(st, d))
                .value("notify_backup", (st, t, d) -> draft.apply(t).backup = Args.commandLine(st, d))
                .value("notify_fault", (st, t, d) -> draft.apply(t).fault = Args.commandLine(st, d))
                .value("notify_stop", (st, t, d) -> draft.apply(t).stop = Args.commandLine(st, d))
                .value("notify", (st, t, d) -> draft.apply(t).any = Args.commandLine(st, d));
    }

    static final class Draft {
        Optional<String> master = Optional.empty();
        Optional<String> backup = Optional.empty();
        Optional<String> fault = Optional.empty();
        Optional<String> stop = Optional.empty();
        Optional<String> any = Optional.empty();

        NotifyScripts build() {
            return new NotifyScripts(master, backup, fault, stop, any);
        }
    }
}
