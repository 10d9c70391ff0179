package net.tandem.agent.track;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.tandem.agent.config.ScriptUser;

/**
 * Whom a script runs as, resolved once per configuration: the script's own {@code user}, else
 * {@code global_defs script_user}, else keepalived's default ({@code keepalived_script} if that
 * user exists, otherwise the agent's own user). Switching user needs root; it is done with
 * util-linux {@code setpriv}, which also sets the user's supplementary groups.
 *
 * @param prefix what goes before the command (empty when no switch is needed)
 * @param error  why the script cannot run at all (an unknown user), or empty
 */
public record RunAs(String description, List<String> prefix, Optional<String> error) {

    static final String KEEPALIVED_DEFAULT_USER = "keepalived_script";

    public static RunAs self() {
        return new RunAs("the agent's user", List.of(), Optional.empty());
    }

    /** Resolves the configured users; spawns {@code id}, so call it off the event loop. */
    public static RunAs resolve(Optional<ScriptUser> own, Optional<ScriptUser> global) {
        Optional<ScriptUser> configured = own.or(() -> global);
        if (configured.isEmpty()) {
            if (uid(KEEPALIVED_DEFAULT_USER).isPresent()) {
                configured = Optional.of(new ScriptUser(KEEPALIVED_DEFAULT_USER, Optional.empty()));
            } else {
                return self();
            }
        }
        ScriptUser u = configured.get();
        Optional<String> uid = uid(u.user());
        if (uid.isEmpty()) {
            return new RunAs(
                    "user " + u.user(),
                    List.of(),
                    Optional.of(
                            "user '" + u.user()
                                    + "' does not exist on this node; create it or change 'user'/'script_user' in the configuration"));
        }
        String me = id("-u").orElse("");
        if (uid.get().equals(me) && u.group().isEmpty()) {
            return new RunAs("user " + u.user(), List.of(), Optional.empty());
        }
        if (!isRoot()) {
            return new RunAs(
                    "user " + u.user(),
                    List.of(),
                    Optional.of("cannot run scripts as '" + u.user()
                            + "': the agent is not running as root; run it as root or drop 'user'/'script_user'"));
        }
        String group = u.group().orElseGet(() -> id("-gn", u.user()).orElse(u.user()));
        List<String> prefix =
                new ArrayList<>(List.of("setpriv", "--reuid=" + u.user(), "--regid=" + group, "--init-groups", "--"));
        return new RunAs("user " + u.user() + " group " + group, prefix, Optional.empty());
    }

    static boolean isRoot() {
        return id("-u").map("0"::equals).orElse(false);
    }

    private static Optional<String> uid(String user) {
        return id("-u", user);
    }

    private static Optional<String> id(String... args) {
        List<String> argv = new ArrayList<>(List.of("id"));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
