package net.tandem.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import net.tandem.console.model.Link;
import net.tandem.console.model.Row;
import net.tandem.console.model.VrrpState;
import org.junit.jupiter.api.Test;

class InstanceTableTest {
    @Test
    void vipsShowWhatFitsAndCountTheRest() {
        List<String> vips = List.of("192.0.2.8/32", "192.0.2.9/32", "192.0.2.10/24");

        assertThat(InstanceTable.vips(vips, 60)).isEqualTo("192.0.2.8,192.0.2.9,192.0.2.10/24");
        assertThat(InstanceTable.vips(vips, 14)).isEqualTo("192.0.2.8 +2");
        assertThat(InstanceTable.vips(List.of(), 14)).isEqualTo("-");
    }

    @Test
    void anInstanceWithUseVmacShowsTheInterfaceThatHoldsItsVips() {
        Row row = new Row(
                "VI_1",
                "node1",
                Link.CONNECTED,
                null,
                VrrpState.MASTER,
                "",
                100,
                100,
                OptionalInt.empty(),
                List.of("192.0.2.51/24", "192.0.2.52/32"),
                1_000_000_000L,
                -1,
                -1,
                0,
                false,
                "vrrp.51");

        assertThat(InstanceTable.vipsAndVmac(row, 60)).isEqualTo("192.0.2.51/24,192.0.2.52 (vrrp.51)");
        assertThat(InstanceTable.vipsAndVmac(row, 24)).isEqualTo("192.0.2.51/24 +1 (vrrp.51)");
    }

    @Test
    void ipv6VipsShowCompressedWithoutTheHostPrefix() {
        // As the agent sends them (RFC 5952); /128 is a host, but an IPv6 /32 is a prefix like any other.
        List<String> vips = List.of("2001:db8::8/128", "2001:db8::9/64", "2001:db8::/32");

        assertThat(InstanceTable.vips(vips, 60)).isEqualTo("2001:db8::8,2001:db8::9/64,2001:db8::/32");
    }

    @Test
    void at80ColumnsTheVipColumnHoldsOneAddressAndACount() {
        assertThat(InstanceTable.vipWidth(80)).isEqualTo(15);
        assertThat(InstanceTable.vipWidth(120)).isEqualTo(55);
    }
}
