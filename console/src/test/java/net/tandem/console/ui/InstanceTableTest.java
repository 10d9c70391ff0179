package net.tandem.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
