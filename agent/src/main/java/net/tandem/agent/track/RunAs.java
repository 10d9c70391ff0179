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
 * <p>With {@code enable_script_security} and no user configured, keepalived's fallback to its own
 * user (root) is not taken: the script does not run (keepalived: "Unable to set default user").
 *
 * @param prefix     what goes before the command (empty when no switch is needed)
 * @param error      why the script cannot run at all (an unknown user, an unsafe path), or empty
 * @param privileged whether it runs with user or group id 0, so that {@link ScriptSecurity} applies;
 *                   true when not known
 */
public record RunAs(String description, List<String> prefix, Optional<String> error, boolean privileged) {

    static final String KEEPALIVED_DEFAULT_USER = "keepalived_script";

    /** Assumed {@link #privileged} (the safe side) when not known. */
    public RunAs(String description, List<String> prefix, Optional<String> error) {
        this(description, prefix, error, true);
    }

    public static RunAs self() {
        return new RunAs("the agent's user", List.of(), Optional.empty());
    }

    /** The same user, but the script must not run: {@code why}. */
    public RunAs refused(String why) {
        return new RunAs(description, prefix, Optional.of(why), privileged);
    }

    /** As {@link #resolve(Optional, Optional, boolean)} without {@code enable_script_security}. */
    public static RunAs resolve(Optional<ScriptUser> own, Optional<ScriptUser> global) {
        return resolve(own, global, false);
    }

    /** Resolves the configured users; spawns {@code id}, so call it off the event loop. */
    public static RunAs resolve(Optional<ScriptUser> own, Optional<ScriptUser> global, boolean scriptSecurity) {
        Optional<ScriptUser> configured = own.or(() -> global);
        if (configured.isEmpty()) {
            if (uid(KEEPALIVED_DEFAULT_USER).isPresent()) {
                configured = Optional.of(new ScriptUser(KEEPALIVED_DEFAULT_USER, Optional.empty()));
            } else if (scriptSecurity) {
                return self().refused("enable_script_security is set, no 'user'/'script_user' is configured and user "
                        + KEEPALIVED_DEFAULT_USER
                        + " does not exist; create that user or name the user the script runs as (root only if meant)");
            } else {
                boolean root = "0".equals(id("-u").orElse("")) || "0".equals(id("-g").orElse(""));
                return new RunAs("the agent's user", List.of(), Optional.empty(), root);
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
        // The group's id: the named group's (unknown: assume root, the safe side), else the user's own.
        String gid = u.group()
                .map(g -> gidOf(g).orElse("0"))
                .orElseGet(() -> id("-g", u.user()).orElse("0"));
        boolean root = uid.get().equals("0") || gid.equals("0");
        String me = id("-u").orElse("");
        if (uid.get().equals(me) && u.group().isEmpty()) {
            return new RunAs("user " + u.user(), List.of(), Optional.empty(), root);
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
        return new RunAs("user " + u.user() + " group " + group, prefix, Optional.empty(), root);
    }

    /** A group's id from the group database ({@code getent group NAME}: {@code name:x:gid:members}). */
    private static Optional<String> gidOf(String group) {
        return run("getent", "group", group)
                .map(line -> line.split(":"))
                .filter(f -> f.length > 2)
                .map(f -> f[2]);
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
        return run(argv.toArray(String[]::new));
    }

    private static Optional<String> run(String... command) {
        List<String> argv = List.of(command);
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
