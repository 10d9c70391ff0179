package net.tandem.agent.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.tandem.agent.linux.SafeFiles;

/**
 * What a script inherits from the agent: as little as keepalived gives it under systemd. The
 * environment is made anew (a fixed {@code PATH} and the locale): not the agent's own, which may
 * hold {@code NOTIFY_SOCKET} (a script could then speak for the agent to systemd),
 * {@code JAVA_TOOL_OPTIONS}, or whatever the shell that started the agent by hand had. And when the
 * agent runs as a non-root user holding capabilities (the non-root unit grants CAP_NET_ADMIN and
 * CAP_NET_RAW as ambient capabilities), those would pass to every script it runs; the command is
 * then prefixed with util-linux {@code setpriv} clearing the inheritable and ambient sets, so the
 * script runs with none. A script running as root has root's powers either way, as in keepalived.
 */
public final class ScriptEnvironment {
    /** systemd's default PATH for services, which keepalived's scripts get. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Passed on from the agent when set: they change how text is printed, not what runs. */
    private static final Set<String> PASSED_ON = Set.of("LANG", "LC_ALL", "TZ");

    static final List<String> DROP_CAPABILITIES = List.of("setpriv", "--inh-caps=-all", "--ambient-caps=-all");

    private static final boolean AGENT_PASSES_CAPABILITIES = passesCapabilities(SafeFiles.ourUid(), procStatus());

    private ScriptEnvironment() {}

    /** Replaces {@code pb}'s environment (a copy of the agent's) with a script's. */
    public static ProcessBuilder apply(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        Map<String, String> agent = Map.copyOf(env);
        env.clear();
        env.put("PATH", PATH);
        for (String name : PASSED_ON) {
            Optional.ofNullable(agent.get(name)).ifPresent(v -> env.put(name, v));
        }
        return pb;
    }

    /** What goes before a script's command so that it inherits no capability: empty when none would pass. */
    public static List<String> capabilityPrefix() {
        return AGENT_PASSES_CAPABILITIES ? DROP_CAPABILITIES : List.of();
    }

    /**
     * Whether a process with this uid and /proc/self/status would hand capabilities to a program it
     * runs: a non-root one with inheritable or ambient capabilities (root's children are root).
     */
    static boolean passesCapabilities(int uid, String procStatus) {
        if (uid == 0) {
            return false;
        }
        return procStatus
                .lines()
                .filter(l -> l.startsWith("CapAmb:") || l.startsWith("CapInh:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .anyMatch(hex -> !hex.chars().allMatch(c -> c == '0'));
    }

    private static String procStatus() {
        try {
            return Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return "CapAmb:\tunknown"; // cannot tell: drop them (the safe side)
        }
    }
}
