package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keepalived's {@code notify* COMMAND [USER [GROUP]]}: the words after the command name a user, not arguments. */
class NotifyCommandTest {
    static VrrpInstanceConfig instanceWith(String notifyLine) {
        ConfigResult r = ConfigLoader.parse("t.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.8
                    }
                    %s
                }
                """.formatted(notifyLine), Path.of("."));
        assertThat(r.errors()).isEmpty();
        return r.config().instance("VI_1").orElseThrow();
    }

    @Test
    void aQuotedCommandKeepsItsArguments() {
        assertThat(instanceWith("notify_master \"/etc/ha/master.sh --vip 192.0.2.8\"")
                        .notifyScripts()
                        .master())
                .contains(NotifyCommand.of("/etc/ha/master.sh --vip 192.0.2.8"));
    }

    @Test
    void wordsAfterTheCommandAreTheUserAndGroup() {
        assertThat(instanceWith("notify_master \"/etc/ha/master.sh go\" www-data web")
                        .notifyScripts()
                        .master())
                .contains(new NotifyCommand(
                        "/etc/ha/master.sh go", Optional.of(new ScriptUser("www-data", Optional.of("web")))));
    }

    @Test
    void moreThanUserAndGroupIsAWarning() {
        ConfigResult r = ConfigLoader.parse("t.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.8
                    }
                    notify /etc/ha/notify.sh a b c
                }
                """, Path.of("."));
        assertThat(r.warnings())
                .extracting(Object::toString)
                .containsExactly(
                        "t.conf:7:34: warning: notify: unexpected \"c\";"
                                + " keepalived reads COMMAND [USER [GROUP]]: quote the command if these are its arguments; ignored");
    }

    @Test
    void anUnquotedScriptWithArgumentsRunsThemButWarnsThatKeepalivedWouldNot() {
        ConfigResult r = ConfigLoader.parse("t.conf", """
                vrrp_script chk {
                    script /usr/bin/check --port 80
                }
                """, Path.of("."));
        assertThat(r.config().scripts().get("chk").command()).isEqualTo("/usr/bin/check --port 80");
        assertThat(r.warnings())
                .extracting(Object::toString)
                .containsExactly("t.conf:2:27: warning: script: keepalived"
                        + " runs only \"/usr/bin/check\" and drops the rest of an unquoted line; Tandem passes the arguments on."
                        + " Quote the whole command so that both run the same");
    }
}
