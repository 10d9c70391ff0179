package net.tandem.agent.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/**
 * The keywords of {@code global_defs} Tandem honours, filling a {@link Draft} that starts at keepalived's defaults.
 * Mail, SNMP and the rest are in {@link Keywords}.
 */
final class GlobalDefsGrammar {

    static final BlockGrammar<Draft> GRAMMAR = new BlockGrammar<Draft>()
            .value("router_id", (st, g, d) -> {
                Args.word(st, 0, "a name", d).ifPresent(v -> g.routerId = Optional.of(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_version", (st, g, d) -> {
                Args.integer(st, 0, 2, 3, d).ifPresent(v -> g.vrrpVersion = v == 2 ? VrrpVersion.V2 : VrrpVersion.V3);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_delay", (st, g, d) -> {
                Args.integer(st, 0, 0, 3600, d).ifPresent(v -> g.garpMasterDelay = Duration.ofSeconds(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_repeat", (st, g, d) -> {
                Args.integer(st, 0, 1, 1000, d).ifPresent(v -> g.garpMasterRepeat = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_refresh", (st, g, d) -> {
                Args.integer(st, 0, 0, 86400, d).ifPresent(v -> g.garpMasterRefresh = Duration.ofSeconds(v));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_master_refresh_repeat", (st, g, d) -> {
                Args.integer(st, 0, 1, 1000, d).ifPresent(v -> g.garpMasterRefreshRepeat = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_startup_delay", (st, g, d) -> {
                // keepalived's limits: 1 ms .. UINT_MAX microseconds.
                Args.seconds(st, 0, Duration.ofMillis(1), Duration.ofNanos(4_294_967_295_000L), d)
                        .ifPresent(v -> g.vrrpStartupDelay = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_interval", (st, g, d) -> {
                // keepalived takes up to UINT_MAX microseconds (and logs that 1 s or more is very large);
                // Tandem waits on its data-plane thread, so it takes at most 1 s.
                Args.seconds(st, 0, Duration.ofNanos(1000), Duration.ofSeconds(1), d)
                        .ifPresent(v -> g.garpInterval = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_lower_prio_delay", (st, g, d) -> {
                Args.integer(st, 0, 0, 3600, d)
                        .ifPresent(v -> g.garpLowerPrioDelay = Optional.of(Duration.ofSeconds(v)));
                Args.noMore(st, 1, d);
            })
            .value("vrrp_garp_lower_prio_repeat", (st, g, d) -> {
                g.garpLowerPrioRepeat = Args.integer(st, 0, 0, 1000, d); // 0: none, as in keepalived
                Args.noMore(st, 1, d);
            })
            .value("vrrp_higher_prio_send_advert", (st, g, d) -> {
                Args.flag(st, 0, d).ifPresent(v -> g.higherPrioSendAdvert = v);
                Args.noMore(st, 1, d);
            })
            .value("vrrp_check_unicast_src", (st, g, d) -> Args.noMore(st, 0, d))
            .value("script_user", (st, g, d) -> ScriptUsers.parse(st, d).ifPresent(u -> g.scriptUser = Optional.of(u)));

    private GlobalDefsGrammar() {}

    /** global_defs as read so far; several global_defs blocks add up, as in keepalived. */
    static final class Draft {
        Optional<String> routerId = Optional.empty();
        VrrpVersion vrrpVersion = GlobalDefs.DEFAULT_VRRP_VERSION;
        Duration garpMasterDelay = GlobalDefs.DEFAULT_GARP_MASTER_DELAY;
        int garpMasterRepeat = GlobalDefs.DEFAULT_GARP_MASTER_REPEAT;
        Duration garpMasterRefresh = Duration.ZERO;
        int garpMasterRefreshRepeat = GlobalDefs.DEFAULT_GARP_MASTER_REFRESH_REPEAT;
        /** Unset: the vrrp_garp_master_* value, whichever line comes first (keepalived resolves it at the end). */
        Optional<Duration> garpLowerPrioDelay = Optional.empty();

        OptionalInt garpLowerPrioRepeat = OptionalInt.empty();
        boolean higherPrioSendAdvert;
        Optional<ScriptUser> scriptUser = Optional.empty();
        Duration vrrpStartupDelay = Duration.ZERO;
        Duration garpInterval = Duration.ZERO;

        GlobalDefs build() {
            return new GlobalDefs(
                    routerId,
                    vrrpVersion,
                    garpMasterDelay,
                    garpMasterRepeat,
                    garpMasterRefresh,
                    garpMasterRefreshRepeat,
                    garpLowerPrioDelay.orElse(garpMasterDelay),
                    garpLowerPrioRepeat.orElse(garpMasterRepeat),
                    higherPrioSendAdvert,
                    false, // enable_script_security is refused until scripts' permissions are checked (Keywords)
                    scriptUser,
                    vrrpStartupDelay,
                    garpInterval);
        }
    }
}
