package net.tandem.agent.vrrp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import net.tandem.agent.config.Authentication;
import net.tandem.agent.vrrp.packet.AuthType;
import net.tandem.agent.vrrp.packet.VrrpVersion;
import org.junit.jupiter.api.Test;

/**
 * AH (removed from VRRP by RFC 3768) cannot reach the advert encoder: neither the configuration model nor the
 * protocol's settings can hold it, so an instance can never become Master and then fail to send its adverts.
 */
class InstanceSettingsAuthTest {

    @Test
    void settingsWithAuthTypeAhAreRefusedSayingToUsePassOrNone() {
        assertThatThrownBy(() -> new InstanceSettings(
                        "VI_1",
                        VrrpVersion.V2,
                        51,
                        100,
                        InstanceSettings.SECOND,
                        true,
                        0,
                        AuthType.AH,
                        "",
                        List.of(SimulatedLan.ip("192.0.2.8")),
                        SimulatedLan.ip("192.0.2.1"),
                        Set.of(),
                        InstanceSettings.GarpSettings.KEEPALIVED_DEFAULTS,
                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VI_1: auth_type AH is refused (RFC 3768 removed it); use PASS or none");
    }

    @Test
    void theConfigurationModelCannotHoldAh() {
        assertThatThrownBy(() -> new Authentication(AuthType.AH, "secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use \"auth_type PASS\"");
    }
}
