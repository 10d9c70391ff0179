package net.tandem.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** use_vmac [[name] NAME] and vmac_xmit_base as keepalived reads them (vrrp_parser.c), and what Tandem refuses. */
class VmacKeywordsTest {

    private static ConfigResult load(String body) {
        return ConfigLoader.parse(
                "t.conf",
                "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                        + " virtual_ipaddress {\n  192.0.2.8\n }\n" + body + "}\n",
                Path.of("."));
    }

    private static Optional<VmacConfig> vmac(String body) {
        ConfigResult r = load(body);
        assertThat(r.diagnostics()).isEmpty();
        return r.config().instances().getFirst().vmac();
    }

    private static String messages(ConfigResult r) {
        return r.diagnostics().toString();
    }

    @Test
    void withoutUseVmacThereIsNoVmac() {
        assertThat(vmac("")).isEmpty();
    }

    @Test
    void useVmacAloneIsNamedVrrpDotVridAsKeepalivedNamesIt() {
        assertThat(vmac(" use_vmac\n")).contains(new VmacConfig("vrrp.51", false));
    }

    @Test
    void aNameWithOrWithoutTheWordNameAndXmitBase() {
        assertThat(vmac(" use_vmac vmac51\n")).contains(new VmacConfig("vmac51", false));
        assertThat(vmac(" use_vmac name vmac51\n vmac_xmit_base\n")).contains(new VmacConfig("vmac51", true));
    }

    @Test
    void unicastPeersMakeItXmitBaseWithAWarningAsKeepalivedDoes() {
        ConfigResult r = load(" use_vmac\n unicast_peer {\n  192.0.2.2\n }\n");
        assertThat(r.hasErrors()).isFalse();
        assertThat(messages(r)).contains("needs vmac_xmit_base");
        assertThat(r.config().instances().getFirst().vmac()).contains(new VmacConfig("vrrp.51", true));
    }

    @Test
    void anIpv6InstanceWithUseVmacIsAcceptedWithKeepalivedsNameAndTheIpv6RouterMac() {
        ConfigResult r = ConfigLoader.parse(
                "t.conf",
                "vrrp_instance VI_6 {\n interface eth0\n virtual_router_id 51\n"
                        + " virtual_ipaddress {\n  2001:db8::8\n }\n use_vmac\n}\n",
                Path.of("."));
        assertThat(r.diagnostics()).isEmpty();
        VrrpInstanceConfig c = r.config().instances().getFirst();
        assertThat(c.ipv6()).isTrue();
        assertThat(c.vmac()).contains(new VmacConfig("vrrp.51", false));
        assertThat(VmacConfig.virtualRouterMacText(c.ipv6(), c.virtualRouterId()))
                .isEqualTo("00:00:5e:00:02:33");
    }

    @Test
    void xmitBaseWithoutUseVmacIsIgnoredWithAWarning() {
        ConfigResult r = load(" vmac_xmit_base\n");
        assertThat(r.hasErrors()).isFalse();
        assertThat(messages(r)).contains("vmac_xmit_base without use_vmac is ignored");
        assertThat(r.config().instances().getFirst().vmac()).isEmpty();
    }

    @Test
    void badNamesAreErrorsThatSayWhy() {
        assertThat(messages(load(" use_vmac a_name_of_16_chars\n"))).contains("longer than 15 characters");
        assertThat(messages(load(" use_vmac ..\n"))).contains("not a valid interface name");
        assertThat(messages(load(" use_vmac a/b\n"))).contains("character an interface name cannot have");
        assertThat(load(" use_vmac a/b\n").hasErrors()).isTrue();
    }

    @Test
    void aMacAddressOfItsOwnAndTheOtherOptionsAreRefused() {
        assertThat(messages(load(" use_vmac 02:00:00:00:00:01\n"))).contains("MAC address of its own");
        assertThat(messages(load(" use_vmac netlink_notify_msg\n"))).contains("not supported");
        assertThat(messages(load(" use_vmac name\n"))).contains("needs an interface name");
        assertThat(messages(load(" use_vmac a b\n"))).contains("already given (a)");
    }

    @Test
    void twoInstancesCannotShareAVmacName() {
        ConfigResult r = ConfigLoader.parse(
                "t.conf",
                "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n use_vmac vmac\n"
                        + " virtual_ipaddress {\n  192.0.2.8\n }\n}\n"
                        + "vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 52\n use_vmac vmac\n"
                        + " virtual_ipaddress {\n  192.0.2.9\n }\n}\n",
                Path.of("."));
        assertThat(r.hasErrors()).isTrue();
        assertThat(messages(r)).contains("VMAC interface vmac is also vrrp_instance VI_1's");
    }

    @Test
    void theRecordRefusesABadNameToo() {
        assertThatThrownBy(() -> new VmacConfig("", false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(VmacConfig.nameProblem("vrrp.255")).isEmpty();
    }
}
