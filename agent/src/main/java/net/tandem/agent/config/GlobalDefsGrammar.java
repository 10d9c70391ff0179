package net.tandem.agent.config;

import java.time.Duration;
import java.util.Optional;
import net.tandem.agent.vrrp.packet.VrrpVersion;

/** The keywords of {@code global_defs}, filling a {@link Draft} that starts at keepalived's defaults. */
final class GlobalDefsGrammar {

    /** Mail settings keepalived knows; Tandem reads them so that an existing config checks cleanly, and says so. */
    private static final String[] MAIL_KEYWORDS = {
        "notification_email",
        "notification_email_from",
        "smtp_server",
        "smtp_connect_timeout",
        "smtp_helo_name",
        "smtp_alert",
        "smtp_alert_vrrp",
    };

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
            .value("enable_script_security", (st, g, d) -> {
                g.enableScriptSecurity = true;
                Args.noMore(st, 0, d);
            })
            .value("script_user", (st, g, d) -> ScriptUsers.parse(st, d).ifPresent(u -> g.scriptUser = Optional.of(u)));

    static {
        for (String keyword : MAIL_KEYWORDS) {
            BlockGrammar.Handler<Draft> ignore = (st, g, d) -> d.warning(
                    st.pos(),
                    "global_defs: " + st.keyword()
                            + ": accepted and ignored: Tandem does not send mail (use notify scripts)");
            if (keyword.equals("notification_email")) {
                GRAMMAR.block(keyword, ignore);
            } else {
                GRAMMAR.value(keyword, ignore);
            }
        }
    }

    private GlobalDefsGrammar() {}

    /** global_defs as read so far; several global_defs blocks add up, as in keepalived. */
    static final class Draft {
        Optional<String> routerId = Optional.empty();
        VrrpVersion vrrpVersion = GlobalDefs.DEFAULT_VRRP_VERSION;
        Duration garpMasterDelay = GlobalDefs.DEFAULT_GARP_MASTER_DELAY;
        int garpMasterRepeat = GlobalDefs.DEFAULT_GARP_MASTER_REPEAT;
        Duration garpMasterRefresh = Duration.ZERO;
        int garpMasterRefreshRepeat = GlobalDefs.DEFAULT_GARP_MASTER_REFRESH_REPEAT;
        boolean enableScriptSecurity;
        Optional<ScriptUser> scriptUser = Optional.empty();

        GlobalDefs build() {
            return new GlobalDefs(
                    routerId,
                    vrrpVersion,
                    garpMasterDelay,
                    garpMasterRepeat,
                    garpMasterRefresh,
                    garpMasterRefreshRepeat,
                    enableScriptSecurity,
                    scriptUser);
        }
    }
}
