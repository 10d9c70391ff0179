package net.tandem.agent.config;

import java.util.Optional;
import java.util.function.Function;

/** The notify keywords shared by {@code vrrp_instance} and {@code vrrp_sync_group}. */
final class NotifyKeywords {

    private NotifyKeywords() {}

    static <T> void addTo(BlockGrammar<T> grammar, Function<T, Draft> draft) {
        grammar.value("notify_master", (st, t, d) -> draft.apply(t).master = Args.notifyCommand(st, d))
                .value("notify_backup", (st, t, d) -> draft.apply(t).backup = Args.notifyCommand(st, d))
                .value("notify_fault", (st, t, d) -> draft.apply(t).fault = Args.notifyCommand(st, d))
                .value("notify_stop", (st, t, d) -> draft.apply(t).stop = Args.notifyCommand(st, d))
                .value("notify", (st, t, d) -> draft.apply(t).any = Args.notifyCommand(st, d));
    }

    static final class Draft {
        Optional<NotifyCommand> master = Optional.empty();
        Optional<NotifyCommand> backup = Optional.empty();
        Optional<NotifyCommand> fault = Optional.empty();
        Optional<NotifyCommand> stop = Optional.empty();
        Optional<NotifyCommand> any = Optional.empty();

        NotifyScripts build() {
            return new NotifyScripts(master, backup, fault, stop, any);
        }
    }
}
