package net.tandem.agent.track;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.tandem.agent.config.Diagnostic;
import net.tandem.agent.config.KeepalivedConfig;
import net.tandem.agent.config.NotifyCommand;
import net.tandem.agent.config.NotifyScripts;
import net.tandem.agent.config.SourcePos;
import net.tandem.agent.config.VrrpScriptConfig;

/**
 * {@code --check}'s view of {@link ScriptSecurity}: what the agent would find at load, as
 * diagnostics. A script that will not run is an error; one that runs as root although a non-root
 * user could change it (enable_script_security off) or that does not exist yet, a warning. Reads
 * the file system and spawns {@code id}, as the agent does at load; never runs a script.
 */
public final class ScriptSafetyCheck {
    private ScriptSafetyCheck() {}

    public static List<Diagnostic> diagnose(KeepalivedConfig config) {
        boolean secure = config.globals().enableScriptSecurity();
        List<Diagnostic> out = new ArrayList<>();
        for (VrrpScriptConfig s : config.scripts().values()) {
            RunAs as = RunAs.resolve(s.user(), config.globals().scriptUser(), secure);
            report(out, s.declaredAt(), "vrrp_script " + s.name(), s.command(), as, secure);
        }
        Map<String, SourcePos> at = new LinkedHashMap<>();
        Map<String, NotifyScripts> notify = new LinkedHashMap<>();
        config.instances().forEach(c -> {
            at.put(c.name(), c.declaredAt());
            notify.put(c.name(), c.notifyScripts());
        });
        config.syncGroups().forEach(g -> {
            at.put(g.name(), g.declaredAt());
            notify.put(g.name(), g.notifyScripts());
        });
        // Only when a notify line runs as it: resolving spawns id.
        RunAs global = NotifyCommands.anyWithoutOwnUser(notify.values())
                ? RunAs.resolve(Optional.empty(), config.globals().scriptUser(), secure)
                : RunAs.self();
        notify.forEach((name, scripts) -> {
            for (NotifyCommand c : NotifyCommands.commands(scripts)) {
                RunAs as = c.user()
                        .map(u -> RunAs.resolve(Optional.of(u), Optional.empty(), secure))
                        .orElse(global);
                report(out, at.get(name), name + " notify " + c.command(), c.command(), as, secure);
            }
        });
        return out;
    }

    private static void report(
            List<Diagnostic> out, SourcePos pos, String what, String command, RunAs as, boolean secure) {
        if (as.error().isPresent()) {
            if (secure) { // other users' problems are reported when the script is due, as before
                out.add(Diagnostic.error(
                        pos, what + ": will not run: " + as.error().get()));
            }
            return;
        }
        ScriptSecurity.Finding f = ScriptSecurity.examine(command, as.privileged());
        if (f.refused(secure)) {
            out.add(Diagnostic.error(
                    pos,
                    what + ": will not run as root: " + f.detail()
                            + (f.kind() == ScriptSecurity.Finding.Kind.PLANTABLE
                                    ? " and a non-root user could create it"
                                    : " (enable_script_security)")));
        } else if (f.kind() == ScriptSecurity.Finding.Kind.UNSAFE) {
            out.add(Diagnostic.warning(
                    pos, what + ": runs as root although " + f.detail() + "; enable_script_security would refuse it"));
        } else if (f.kind() == ScriptSecurity.Finding.Kind.NOT_FOUND) {
            out.add(Diagnostic.warning(pos, what + ": " + f.detail()));
        }
    }
}
