package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The IPv6 VMAC's MAC and its link-local address when the base has none of its own (keepalived's fallback). */
class VmacLinkLocalTest {

    @Test
    void theEui64AddressOfTheBaseMacFlipsTheUniversalLocalBitAndPutsFffeInTheMiddle() throws Exception {
        assertThat(VmacLinkLocal.eui64(MacAddress.parse("02:42:c0:00:02:0a")))
                .isEqualTo(InetAddress.getByName("fe80::42:c0ff:fe00:20a"));
        assertThat(VmacLinkLocal.eui64(MacAddress.parse("52:54:00:12:34:56")))
                .isEqualTo(InetAddress.getByName("fe80::5054:ff:fe12:3456"));
    }

    @Test
    void anIpv6InstancesVmacCarriesTheIpv6VirtualRouterMac() {
        assertThat(VirtualRouterMac.of(Ipv6.AF_INET6, 51)).isEqualTo(MacAddress.parse("00:00:5e:00:02:33"));
        assertThat(VirtualRouterMac.of(Libc.AF_INET, 51)).isEqualTo(MacAddress.parse("00:00:5e:00:01:33"));
    }
}
