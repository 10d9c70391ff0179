package net.tandem.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import net.tandem.proto.v1.Instance;
import org.junit.jupiter.api.Test;

/** The control API shows an instance's VMAC interface, and nothing for one without use_vmac. */
class VmacMessagesTest {

    @Test
    void anInstanceWithUseVmacCarriesItsVmac() {
        Instance i = Messages.instance(FakeControlTarget.withVmac(
                FakeControlTarget.vi1(), new InstanceStatus.VmacStatus("vrrp.51", "00:00:5e:00:01:33", true)));

        assertThat(i.hasVmac()).isTrue();
        assertThat(i.getVmac().getInterface()).isEqualTo("vrrp.51");
        assertThat(i.getVmac().getMac()).isEqualTo("00:00:5e:00:01:33");
        assertThat(i.getVmac().getXmitBase()).isTrue();
    }

    @Test
    void anInstanceWithoutUseVmacHasNone() {
        assertThat(Messages.instance(FakeControlTarget.vi1()).hasVmac()).isFalse();
    }
}
