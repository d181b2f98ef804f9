package io.switchboard.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxy = ClientAddress.trusting(List.of("10.0.0.0/8", "::1"));

    @Test
    void aForwardedForHeaderFromAnUntrustedPeerIsIgnored() {
        ClientAddress none = ClientAddress.trusting(List.of("none"));
        assertThat(none.resolve("203.0.113.7:4711", "198.51.100.1")).isEqualTo("203.0.113.7");
        assertThat(behindProxy.resolve("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void behindATrustedProxyTheRightmostUntrustedHopIsTheClient() {
        assertThat(behindProxy.resolve("10.1.2.3:80", "198.51.100.9")).isEqualTo("198.51.100.9");
        // The client wrote a fake first hop; nginx appended the real one.
        assertThat(behindProxy.resolve("10.1.2.3", "1.2.3.4, 198.51.100.9, 10.9.9.9")).isEqualTo("198.51.100.9");
        assertThat(behindProxy.resolve("[::1]:8080", "198.51.100.9")).isEqualTo("198.51.100.9");
        assertThat(behindProxy.resolve("10.1.2.3", "not-an-ip")).isEqualTo("10.1.2.3");
        assertThat(behindProxy.resolve("10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64AndMappedIpv4AsIpv4() {
        ClientAddress none = ClientAddress.trusting(List.of());
        assertThat(none.resolve("2001:db8:1:2:aaaa::1", null)).isEqualTo(none.resolve("2001:db8:1:2:bbbb::9", null))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(none.resolve("0:0:0:0:0:0:0:1:54321", null)).isEqualTo("0:0:0:0::/64");
        assertThat(none.resolve("::ffff:192.0.2.1", null)).isEqualTo("192.0.2.1");
        assertThat(none.resolve("somehost.example", null)).isEqualTo("unknown");
    }

    @Test
    void aBadTrustedProxyEntryFailsWithItsName() {
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.local"))).hasMessageContaining("proxy.local");
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).hasMessageContaining("0..32");
    }
}
