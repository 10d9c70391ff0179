package net.tandem.agent.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@code vrrp_script} block: a check run every {@code interval}.
 *
 * @param command  {@code script}: the command line, as written (quotes removed from a single quoted string)
 * @param interval default 1 s
 * @param timeout  empty when not written: keepalived then lets a run last up to {@code interval}
 * @param weight   -253..253, default 0 (a failing script then puts the instance in FAULT)
 * @param rise     successes needed to turn OK, default 1
 * @param fall     failures needed to turn KO, default 1
 * @param user     empty means {@code script_user} from {@code global_defs}
 * @param initFail start in the failed state until the first success
 */
public record VrrpScriptConfig(
        String name,
        SourcePos declaredAt,
        String command,
        Duration interval,
        Optional<Duration> timeout,
        int weight,
        boolean weightReverse,
        int rise,
        int fall,
        Optional<ScriptUser> user,
        boolean initFail) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** How long a run may last: the timeout, or keepalived's fallback, the interval. */
    public Duration effectiveTimeout() {
        return timeout.orElse(interval);
    }
}
