package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.enc;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Origin;
import io.satchel.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /from_url/} on a server in the default mode (private networks closed): every non-public
 * address class is refused at once with 400, and the origin listening on loopback is never asked.
 * Public addresses are only judged by the classifier's tests, never fetched: nothing leaves this machine.
 */
class FromUrlSsrfTest {
    private static TestServer server;
    private static Origin origin;

    @BeforeAll
    static void start() {
        origin = Origin.start().serve("/", Origin.bytes("internal".getBytes()));
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        origin.close();
    }

    static List<String> refused() {
        int port = origin.port();
        return List.of(
                "http://127.0.0.1:" + port + "/",                   // loopback
                "http://localhost:" + port + "/",                   // a name that resolves to loopback
                "http://[::1]:" + port + "/",                       // IPv6 loopback
                "http://[::ffff:127.0.0.1]:" + port + "/",          // IPv4-mapped loopback
                "http://[::127.0.0.1]:" + port + "/",               // IPv4-compatible loopback
                "http://[64:ff9b::7f00:1]:" + port + "/",           // NAT64 of loopback
                "http://[2002:7f00:1::]:" + port + "/",             // 6to4 of loopback
                "http://2130706433:" + port + "/",                  // loopback as one decimal number
                "http://0.0.0.0:" + port + "/",                     // unspecified
                "http://[::]:" + port + "/",
                "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/",     // private
                "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:101::]/",             // private inside IPv6
                "http://100.64.0.1/",                                                // carrier-grade NAT
                "http://169.254.169.254/latest/meta-data/",                          // cloud metadata
                "http://[fd00:ec2::254]/",
                "http://169.254.1.1/", "http://[fe80::1]/",                          // link-local
                "http://[fc00::1]/", "http://[fd12:3456::1]/",                       // unique-local
                "http://224.0.0.1/", "http://[ff02::1]/",                            // multicast
                "http://255.255.255.255/",                                           // broadcast
                "http://192.0.2.1/", "http://198.18.0.1/", "http://240.0.0.1/");     // documentation, benchmark, reserved
    }

    @ParameterizedTest
    @MethodSource("refused")
    void nonPublicAddressesAreRefusedAtOnce(String url) {
        assertPlainError(server.postForm("/from_url/", "pub_key=" + PUB + "&source_url=" + enc(url)), 400,
                "Only public IPs are allowed.");
    }

    @Test
    void refusalsCarryTheirCodeAndNothingReachesTheOrigin() {
        assertJsonError(server.postForm("/from_url/?jsonerrors=1", "pub_key=" + PUB + "&source_url="
                + enc(origin.url("/"))), 400, "URLHostPrivateIPForbiddenError", "Only public IPs are allowed.");
        assertThat(origin.hits("/")).isZero();
        assertThat(server.satchel().jobs().depth()).isZero();
    }
}
