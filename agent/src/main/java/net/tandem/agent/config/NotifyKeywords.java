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

    /** The ones only a {@code vrrp_instance} has. */
    static <T> void addInstanceOnlyTo(BlockGrammar<T> grammar, Function<T, Draft> draft) {
        grammar.value(
                        "notify_master_rx_lower_pri",
                        (st, t, d) -> draft.apply(t).masterRxLowerPri = Args.notifyCommand(st, d))
                .value("notify_deleted", (st, t, d) -> {
                    // keepalived: "notify_deleted" alone only changes FAULT to DELETED; with a command, runs it too.
                    draft.apply(t).notifyDeleted = true;
                    if (!st.args().isEmpty()) {
                        draft.apply(t).deleted = Args.notifyCommand(st, d);
                    }
                });
    }

    static final class Draft {
        Optional<NotifyCommand> master = Optional.empty();
        Optional<NotifyCommand> backup = Optional.empty();
        Optional<NotifyCommand> fault = Optional.empty();
        Optional<NotifyCommand> stop = Optional.empty();
        Optional<NotifyCommand> any = Optional.empty();
        Optional<NotifyCommand> deleted = Optional.empty();
        boolean notifyDeleted;
        Optional<NotifyCommand> masterRxLowerPri = Optional.empty();

        NotifyScripts build() {
            return new NotifyScripts(master, backup, fault, stop, any, deleted, notifyDeleted, masterRxLowerPri);
        }
    }
}
