package net.tandem.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The messages a user meets when the kernel says no; no root needed. */
class NativeExceptionTest {

    @Test
    void permissionDeniedOnARawSocketSaysWhichCapabilityIsMissing() {
        NativeException e = new NativeException("socket(AF_INET, SOCK_RAW, IPPROTO_VRRP)", 1, "eth0", null);

        assertThat(e.getMessage())
                .startsWith(
                        "socket(AF_INET, SOCK_RAW, IPPROTO_VRRP) failed on interface eth0: EPERM (Operation not permitted)")
                .contains("needs CAP_NET_RAW (raw sockets) / CAP_NET_ADMIN (addresses)")
                .contains("run as root or grant the capability");
        assertThat(e.is(Errno.EPERM)).isTrue();
        assertThat(e.interfaceName()).isEqualTo("eth0");
    }

    @Test
    void eaccesGetsTheSameAdviceAsEperm() {
        assertThat(new NativeException("socket(AF_PACKET, SOCK_RAW)", 13, "eth0", null).getMessage())
                .contains("EACCES")
                .contains("CAP_NET_RAW");
    }

    @Test
    void missingInterfaceIsNamed() {
        assertThat(new NativeException("if_nametoindex", 19, "eth9", null).getMessage())
                .isEqualTo("if_nametoindex failed on interface eth9: ENODEV (No such device): "
                        + "no such interface eth9: check the interface name (ip link show)");
    }

    @Test
    void addressProblemsNameTheAddressAndTheInterface() {
        assertThat(new NativeException("RTM_DELADDR", 99, "eth0", "address 192.0.2.8/32").getMessage())
                .startsWith("RTM_DELADDR failed for address 192.0.2.8/32 on interface eth0: EADDRNOTAVAIL")
                .contains("not configured on interface eth0");
        assertThat(new NativeException("RTM_NEWADDR", 17, "eth0", "address 192.0.2.8/32").getMessage())
                .contains("EEXIST")
                .contains("already present on interface eth0");
    }

    @Test
    void noBufferSpaceSuggestsRaisingBuffers() {
        assertThat(new NativeException("recv(netlink)", 105, null, null).getMessage())
                .contains("ENOBUFS")
                .contains("rmem_max");
    }

    @Test
    void enteringANamespaceWithoutPrivilegeAsksForCapSysAdmin() {
        assertThat(new NativeException("setns(CLONE_NEWNET)", 1, null, "network namespace lab-n1").getMessage())
                .contains("EPERM")
                .contains("CAP_SYS_ADMIN");
    }

    @Test
    void unknownErrnoIsShownByNumber() {
        assertThat(new NativeException("poll", 200, null, null).getMessage()).isEqualTo("poll failed: errno 200");
    }
}
