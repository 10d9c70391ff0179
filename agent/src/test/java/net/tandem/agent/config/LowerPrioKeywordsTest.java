package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * garp_lower_prio_delay, garp_lower_prio_repeat and higher_prio_send_advert, with keepalived 2.2.7's defaults:
 * an instance takes the global vrrp_garp_lower_prio_*, and those default to the global vrrp_garp_master_* (not to
 * the instance's garp_master_*), resolved after the whole file is read (vrrp_complete_init).
 */
class LowerPrioKeywordsTest {

    private static ConfigResult load(String text) {
        return ConfigLoader.parse("t.conf", text, Path.of("."));
    }

    private static VrrpInstanceConfig instance(String globals, String body) {
        ConfigResult r = load("global_defs {\n" + globals + "}\nvrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.8\n }\n" + body + "}\n");
        // "higher_prio_send_advert false" is read, and warned about: Tandem always sends the step-down advert.
        assertThat(r.diagnostics())
                .allSatisfy(diag ->
                        assertThat(diag.toString()).contains(VrrpInstanceGrammar.ALWAYS_SENDS_STEP_DOWN_ADVERT));
        return r.config().instances().getFirst();
    }

    @Test
    void sayingFalseIsAWarningThatTandemAlwaysSendsTheStepDownAdvert() {
        ConfigResult r = load("global_defs {\n vrrp_higher_prio_send_advert false\n}\nvrrp_instance VI_1 {\n"
                + " interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.8\n }\n"
                + " higher_prio_send_advert off\n}\n");
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.diagnostics()).hasSize(2);
        assertThat(r.diagnostics().toString())
                .contains("vrrp_higher_prio_send_advert false has no effect")
                .contains("t.conf:10:2: warning: higher_prio_send_advert false has no effect");
        VrrpInstanceConfig plain = instance("", "");
        assertThat(load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
                                + "  192.0.2.8\n }\n higher_prio_send_advert on\n}\n")
                        .diagnostics())
                .isEmpty();
        assertThat(plain.higherPrioSendAdvert()).isFalse();
    }

    @Test
    void byDefaultAMasterSendsFiveNowAndFiveAfterFiveSecondsAndNoAdvertBeforeSteppingDown() {
        VrrpInstanceConfig i = instance("", "");
        assertThat(i.garpLowerPrioRepeat()).isEqualTo(5);
        assertThat(i.garpLowerPrioDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(i.higherPrioSendAdvert()).isFalse();
    }

    @Test
    void theDefaultsFollowTheGlobalGarpMasterSettingsWrittenAfterThemButNotTheInstancesOwn() {
        VrrpInstanceConfig i = instance(
                " vrrp_garp_master_repeat 2\n vrrp_garp_master_delay 7\n",
                " garp_master_repeat 9\n garp_master_delay 1\n");
        assertThat(i.garpLowerPrioRepeat()).isEqualTo(2);
        assertThat(i.garpLowerPrioDelay()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theGlobalLowerPrioSettingsApplyAndTheInstancesOwnWin() {
        String globals =
                " vrrp_garp_lower_prio_repeat 3\n vrrp_garp_lower_prio_delay 4\n vrrp_higher_prio_send_advert\n";
        VrrpInstanceConfig global = instance(globals, "");
        assertThat(global.garpLowerPrioRepeat()).isEqualTo(3);
        assertThat(global.garpLowerPrioDelay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(global.higherPrioSendAdvert()).isTrue();
        VrrpInstanceConfig own = instance(
                globals, " garp_lower_prio_repeat 0\n garp_lower_prio_delay 0\n higher_prio_send_advert off\n");
        assertThat(own.garpLowerPrioRepeat()).isZero();
        assertThat(own.garpLowerPrioDelay()).isEqualTo(Duration.ZERO);
        assertThat(own.higherPrioSendAdvert()).isFalse();
    }

    @Test
    void higherPrioSendAdvertTakesKeepalivedsBooleanWords() {
        assertThat(instance("", " higher_prio_send_advert yes\n").higherPrioSendAdvert())
                .isTrue();
        assertThat(instance("", " higher_prio_send_advert on\n").higherPrioSendAdvert())
                .isTrue();
        assertThat(instance("", " higher_prio_send_advert true\n").higherPrioSendAdvert())
                .isTrue();
        assertThat(instance("", " higher_prio_send_advert no\n").higherPrioSendAdvert())
                .isFalse();
        assertThat(instance("", " higher_prio_send_advert false\n").higherPrioSendAdvert())
                .isFalse();
    }

    @Test
    void aWrongValueIsAnErrorThatSaysWhatWasExpected() {
        ConfigResult r = load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
                + "  192.0.2.8\n }\n higher_prio_send_advert maybe\n garp_lower_prio_repeat -1\n}\n");
        assertThat(r.errors())
                .extracting(Diagnostic::message)
                .containsExactly(
                        "higher_prio_send_advert: expected true/on/yes or false/off/no (or nothing, meaning true),"
                                + " got \"maybe\"",
                        "garp_lower_prio_repeat: expected an integer 0..1000, got \"-1\"");
    }
}
