package net.tandem.agent.track;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.tandem.agent.config.NotifyCommand;
import net.tandem.agent.config.NotifyScripts;
import net.tandem.agent.config.ScriptUser;

/**
 * The notify lines of a configuration, as {@link Notifier} runs them. Apart from Notifier so that
 * {@code --check} reads them without initialising it: its logger's set-up (the System.Logger backend
 * lookup opens every jar on the class path) is a good part of a {@code --check} that never logs.
 */
final class NotifyCommands {
    private NotifyCommands() {}

    /** Every command of {@code s} that a transition runs, in keepalived's order. */
    static List<NotifyCommand> commands(NotifyScripts s) {
        List<NotifyCommand> out = new ArrayList<>();
        for (Optional<NotifyCommand> c : List.of(s.master(), s.backup(), s.fault(), s.stop(), s.any())) {
            c.ifPresent(out::add);
        }
        return out;
    }

    /** Every command of {@code s}, the DELETED and lower-priority-advert ones too. */
    private static List<Optional<NotifyCommand>> all(NotifyScripts s) {
        return List.of(s.master(), s.backup(), s.fault(), s.stop(), s.any(), s.deleted(), s.masterRxLowerPri());
    }

    /** The users named on notify lines themselves. */
    static Set<ScriptUser> ownUsers(Collection<NotifyScripts> scripts) {
        Set<ScriptUser> users = new HashSet<>();
        for (NotifyScripts s : scripts) {
            for (Optional<NotifyCommand> c : all(s)) {
                c.flatMap(NotifyCommand::user).ifPresent(users::add);
            }
        }
        return users;
    }

    /**
     * Whether a notify line names no user of its own, so that it runs as the global script user: resolving that
     * user spawns {@code id}, which a start (or a {@code --check}) without such a line need not wait for.
     */
    static boolean anyWithoutOwnUser(Collection<NotifyScripts> scripts) {
        for (NotifyScripts s : scripts) {
            for (Optional<NotifyCommand> c : all(s)) {
                if (c.isPresent() && c.get().user().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
