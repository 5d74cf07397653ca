package io.satchel.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What kind of place an IP address is, for the SSRF guard. Only {@link #PUBLIC} is reachable by
 * default. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged
 * by the IPv4 address they carry, so {@code ::ffff:127.0.0.1} and {@code 2002:7f00:1::} are loopback.
 */
public enum AddressClass {
    PUBLIC(false),
    /** 0.0.0.0/8 and {@code ::}: on Linux a connect to them reaches this host. */
    UNSPECIFIED(false),
    LOOPBACK(true),
    /** 10/8, 172.16/12, 192.168/16, and the deprecated IPv6 site-local fec0::/10. */
    PRIVATE(true),
    /** 100.64/10, carrier-grade NAT. */
    SHARED(true),
    LINK_LOCAL(true),
    /** Cloud instance metadata (169.254.169.254, fd00:ec2::254): refused even when private networks are open. */
    METADATA(false),
    /** fc00::/7. */
    UNIQUE_LOCAL(true),
    MULTICAST(false),
    BROADCAST(false),
    /** 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20. */
    DOCUMENTATION(true),
    /** 198.18/15, 2001:2::/48. */
    BENCHMARK(true),
    /** Everything else that is not globally routable: 240/4, 192.0.0/24, deprecated IPv4-compatible IPv6, … */
    RESERVED(false);

    private final boolean privateNetwork;

    AddressClass(boolean privateNetwork) {
        this.privateNetwork = privateNetwork;
    }

    /** Whether {@code SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS} opens this class (it never opens metadata, multicast …). */
    public boolean isPrivateNetwork() {
        return privateNetwork;
    }

    public static AddressClass of(InetAddress address) {
        if (address instanceof Inet4Address) return ofIpv4(toInt(address.getAddress(), 0));
        if (address instanceof Inet6Address) return ofIpv6(address.getAddress());
        return RESERVED;
    }

    private static AddressClass ofIpv4(int a) {
        if (a == 0xFFFFFFFF) return BROADCAST;
        if (in(a, 0x00000000, 8)) return UNSPECIFIED;
        if (in(a, 0x7F000000, 8)) return LOOPBACK;
        if (in(a, 0x0A000000, 8) || in(a, 0xAC100000, 12) || in(a, 0xC0A80000, 16)) return PRIVATE;
        if (in(a, 0x64400000, 10)) return SHARED;
        if (a == 0xA9FEA9FE) return METADATA;
        if (in(a, 0xA9FE0000, 16)) return LINK_LOCAL;
        if (in(a, 0xC0000200, 24) || in(a, 0xC6336400, 24) || in(a, 0xCB007100, 24)) return DOCUMENTATION;
        if (in(a, 0xC6120000, 15)) return BENCHMARK;
        if (in(a, 0xE0000000, 4)) return MULTICAST;
        // 192.0.0/24 protocol assignments, 192.88.99/24 old 6to4 relays, 240/4 future use
        if (in(a, 0xC0000000, 24) || in(a, 0xC0586300, 24) || in(a, 0xF0000000, 4)) return RESERVED;
        return PUBLIC;
    }

    private static AddressClass ofIpv6(byte[] b) {
        long hi = toLong(b, 0);
        long lo = toLong(b, 8);
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        if (hi == 0 && lo == 0) return UNSPECIFIED;
        if (hi == 0 && lo == 1) return LOOPBACK;
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) return ofIpv4((int) lo); // ::ffff:a.b.c.d, IPv4-mapped
        if (hi == 0 && (lo >>> 32) == 0) { // ::a.b.c.d, IPv4-compatible (deprecated): never public
            AddressClass carried = ofIpv4((int) lo);
            return carried == PUBLIC ? RESERVED : carried;
        }
        if (hi == 0x0064FF9B00000000L && (lo >>> 32) == 0) return ofIpv4((int) lo); // 64:ff9b::/96, NAT64
        if (prefix(b, 0x0064FF9B0001L, 48)) return PRIVATE; // 64:ff9b:1::/48, local-use NAT64
        if (prefix(b, 0x2002L, 16)) return ofIpv4(toInt(b, 2)); // 2002::/16, 6to4
        if (prefix(b, 0x20010000L, 32)) return teredo(b);
        if (first == 0xFF) return MULTICAST;
        if ((first & 0xFE) == 0xFC) return hi == 0xFD000EC200000000L && lo == 0x254L ? METADATA : UNIQUE_LOCAL;
        if (first == 0xFE && (second & 0xC0) == 0x80) return LINK_LOCAL; // fe80::/10
        if (first == 0xFE && (second & 0xC0) == 0xC0) return PRIVATE; // fec0::/10, site-local (deprecated)
        if (prefix(b, 0x20010DB8L, 32) || prefix(b, 0x3FFF0L, 20)) return DOCUMENTATION;
        if (prefix(b, 0x200100020000L, 48)) return BENCHMARK;
        if (prefix(b, 0x2001L << 7, 23)) return RESERVED; // 2001::/23, IETF protocol assignments
        if ((first & 0xE0) != 0x20) return RESERVED; // outside 2000::/3, the global unicast space
        return PUBLIC;
    }

    /** Teredo (2001::/32): the server's IPv4 in bits 32–63, the client's, inverted, in the last 32 bits. */
    private static AddressClass teredo(byte[] b) {
        AddressClass server = ofIpv4(toInt(b, 4));
        if (server != PUBLIC) return server;
        return ofIpv4(~toInt(b, 12));
    }

    private static boolean in(int address, int network, int bits) {
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (address & mask) == (network & mask);
    }

    /** Whether the first {@code bits} bits of {@code b} equal {@code value} (given right-aligned). */
    private static boolean prefix(byte[] b, long value, int bits) {
        long first = toLong(b, 0) >>> (64 - bits);
        return first == value;
    }

    private static int toInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static long toLong(byte[] b, int at) {
        return (toInt(b, at) & 0xFFFFFFFFL) << 32 | (toInt(b, at + 4) & 0xFFFFFFFFL);
    }
}
