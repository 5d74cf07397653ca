package io.satchel.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF guard's address classifier: every class it refuses, named, with the boundaries of each range. */
class AddressClassTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // public, including the addresses just outside each refused range
            "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC", "9.255.255.255, PUBLIC", "11.0.0.0, PUBLIC",
            "172.15.255.255, PUBLIC", "172.32.0.0, PUBLIC", "192.167.255.255, PUBLIC", "192.169.0.0, PUBLIC",
            "100.63.255.255, PUBLIC", "100.128.0.0, PUBLIC", "126.255.255.255, PUBLIC", "128.0.0.0, PUBLIC",
            "169.253.255.255, PUBLIC", "223.255.255.255, PUBLIC", "198.17.255.255, PUBLIC", "198.20.0.0, PUBLIC",
            "2606:4700:4700::1111, PUBLIC", "2a00:1450:4001:80b::200e, PUBLIC",
            "64:ff9b::808:808, PUBLIC", "2002:808:808::1, PUBLIC",
            // unspecified / "this network"
            "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
            // loopback, also inside every IPv6 form that carries IPv4
            "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK", "::1, LOOPBACK",
            "::ffff:127.0.0.1, LOOPBACK", "::127.0.0.1, LOOPBACK", "64:ff9b::7f00:1, LOOPBACK", "2002:7f00:1::, LOOPBACK",
            "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
            // private networks
            "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
            "192.168.0.1, PRIVATE", "192.168.255.255, PRIVATE", "::ffff:10.0.0.1, PRIVATE", "::10.0.0.1, PRIVATE",
            "64:ff9b::a00:1, PRIVATE", "64:ff9b::c0a8:101, PRIVATE", "2002:c0a8:101::1, PRIVATE", "2002:ac10:1::, PRIVATE",
            "64:ff9b:1::a, PRIVATE", "fec0::1, PRIVATE",
            // carrier-grade NAT
            "100.64.0.1, SHARED", "100.127.255.255, SHARED", "::ffff:100.64.0.1, SHARED",
            // link-local and cloud metadata
            "169.254.0.1, LINK_LOCAL", "169.254.255.255, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
            "169.254.169.254, METADATA", "::ffff:169.254.169.254, METADATA", "64:ff9b::a9fe:a9fe, METADATA",
            "fd00:ec2::254, METADATA",
            // unique-local IPv6
            "fc00::1, UNIQUE_LOCAL", "fd12:3456:789a::1, UNIQUE_LOCAL",
            // multicast and broadcast
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::1, MULTICAST", "ff0e::1, MULTICAST",
            "::ffff:224.0.0.1, MULTICAST", "255.255.255.255, BROADCAST", "::ffff:255.255.255.255, BROADCAST",
            // documentation and benchmarking
            "192.0.2.1, DOCUMENTATION", "198.51.100.1, DOCUMENTATION", "203.0.113.255, DOCUMENTATION",
            "2001:db8::1, DOCUMENTATION", "3fff::1, DOCUMENTATION", "2001:0:4136:e378:8000:63bf:3fff:fdd2, DOCUMENTATION",
            "198.18.0.1, BENCHMARK", "198.19.255.255, BENCHMARK", "2001:2::1, BENCHMARK",
            // reserved and not globally routable
            "240.0.0.1, RESERVED", "255.255.255.254, RESERVED", "192.0.0.8, RESERVED", "192.88.99.1, RESERVED",
            "::8.8.8.8, RESERVED", "100::1, RESERVED", "2001:10::1, RESERVED", "4000::1, RESERVED", "::ffff:0:1, UNSPECIFIED",
    })
    void classifies(String literal, AddressClass expected) {
        assertThat(AddressClass.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }

    @Test
    void ipv4MappedKeptAsIpv6IsStillJudgedByItsIpv4() throws Exception {
        byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffff7f000001");
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(AddressClass.of(v6)).isEqualTo(AddressClass.LOOPBACK);
    }

    @Test
    void defaultGuardAllowsOnlyPublic() {
        AddressGuard guard = AddressGuard.publicOnly();
        assertThat(guard.allows(InetAddress.ofLiteral("8.8.8.8"))).isTrue();
        assertThat(guard.allows(InetAddress.ofLiteral("2606:4700:4700::1111"))).isTrue();
        for (String refused : new String[] {"127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.169.254", "fe80::1", "fc00::1",
                "224.0.0.1", "255.255.255.255", "0.0.0.0", "::", "192.0.2.1", "198.18.0.1", "240.0.0.1"}) {
            assertThat(guard.allows(InetAddress.ofLiteral(refused))).as(refused).isFalse();
        }
    }

    @Test
    void privateNetworksSettingOpensPrivateRangesButNeverMetadataMulticastBroadcastOrUnspecified() {
        AddressGuard guard = AddressGuard.privateNetworksToo();
        for (String opened : new String[] {"127.0.0.1", "::1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "169.254.1.1", "fe80::1", "fc00::1", "8.8.8.8"}) {
            assertThat(guard.allows(InetAddress.ofLiteral(opened))).as(opened).isTrue();
        }
        for (String refused : new String[] {"169.254.169.254", "fd00:ec2::254", "224.0.0.1", "ff02::1", "255.255.255.255",
                "0.0.0.0", "::", "240.0.0.1"}) {
            assertThat(guard.allows(InetAddress.ofLiteral(refused))).as(refused).isFalse();
        }
    }
}
