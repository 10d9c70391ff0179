package net.tandem.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;

import net.tandem.agent.control.FakeControlTarget;
import org.junit.jupiter.api.Test;

class StatsDumpTest {

    @Test
    void countersUnderKeepalivedsLabelsThenOurOtherDiscards() {
        String dump = StatsDump.format(new FakeControlTarget().status());
        assertThat(dump).startsWith("""
                        VRRP Instance: VI_1
                          Advertisements:
                            Received: 12
                            Sent: 61
                          Became master: 1
                          Released master: 0
                          Packet Errors:
                            Length: 0
                            TTL: 3
                            Invalid Type: 0
                            Advertisement Interval: 0
                            Address List: 0
                          Authentication Errors:
                            Invalid Type: 0
                            Type Mismatch: 0
                            Failure: 2
                          Priority Zero:
                            Received: 1
                            Sent: 0
                          Other Discards:
                            IP header: 0
                            Version: 0
                            Checksum: 0
                            VRID unknown: 0
                            Owner: 0
                            Unknown peer: 0
                            Arrival interface: 0
                            Queue full: 0
                          Transitions: 2
                          Gratuitous ARP bursts: 2
                          Master_Adver_Interval changes: 0
                          Lower priority answers limited: 3
                        VRRP Instance: VI_2
                          Advertisements:
                            Received: 400
                        """);
    }
}
