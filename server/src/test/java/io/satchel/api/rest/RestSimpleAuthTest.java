package io.satchel.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.config.Settings.SimpleAuthOverHttp;
import io.satchel.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that forbids the secret in clear over plain HTTP, as the real API does. */
class RestSimpleAuthTest {
    static TestServer server;
    static RestClient alpha;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withSimpleAuthOverHttp(SimpleAuthOverHttp.NEVER));
        alpha = new RestClient(server, TestServer.PUB, TestServer.SECRET);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void simpleAuthOverPlainHttpIsRefused() {
        RestClient.Reply r = alpha.simple("GET", "/project/", "", Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.detail()).isEqualTo("Simple authentication over HTTP is forbidden. Please, use HTTPS or signed"
                + " requests instead.");
        assertThat(r.contentType()).isEqualTo(RestClient.V7);
    }

    @Test
    void simpleAuthBehindAnHttpsProxyIsAccepted() {
        RestClient.Reply r = alpha.simple("GET", "/project/", "", Map.of("X-Forwarded-Proto", "https"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void signedRequestsStillWork() {
        assertThat(alpha.get("/project/").status()).isEqualTo(200);
    }
}
