package io.satchel.api.tus;

import static io.satchel.api.tus.TusWire.head;
import static io.satchel.api.tus.TusWire.meta;
import static io.satchel.api.tus.TusWire.patch;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Expiration: unfinished uploads answer 410 once expired, and the sweep removes them and their bytes. */
class TusExpiryTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withUnfinishedUploadTtl(TTL)
                .withTemporaryFiles(Duration.ofHours(24), Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anExpiredUploadIsGoneAndItsBytesAreSwept() {
        String path = TusWire.created(server, 1000, meta("pub_key", PUB));
        HttpResponse<String> p = patch(server, path, 0, new byte[400]);
        assertThat(p.statusCode()).isEqualTo(204);
        ZonedDateTime expires = ZonedDateTime.parse(p.headers().firstValue("Upload-Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(expires.toInstant()).isBetween(Instant.now().minusSeconds(1), Instant.now().plus(TTL).plusSeconds(1));
        assertThat(server.holdsPiecesOf(TusWire.uuidOf(path))).isTrue();

        Instant deadline = Instant.now().plusSeconds(15);
        int status;
        do {
            TusWire.sleep(100);
            status = head(server, path).statusCode();
        } while (status == 200 && Instant.now().isBefore(deadline));
        assertThat(status).as("expired: gone, or already swept").isIn(410, 404);
        assertThat(patch(server, path, 400, new byte[100]).statusCode()).isIn(410, 404);

        while (head(server, path).statusCode() != 404 && Instant.now().isBefore(deadline)) TusWire.sleep(100);
        assertThat(head(server, path).statusCode()).as("swept").isEqualTo(404);
        assertThat(server.holdsPiecesOf(TusWire.uuidOf(path))).isFalse();
    }

    @Test
    void anUploadThatKeepsMovingOutlivesItsFirstExpiry() {
        String path = TusWire.created(server, 100, meta("pub_key", PUB));
        Instant firstExpiry = Instant.now().plus(TTL);
        long offset = 0;
        // one small PATCH every 600 ms for about twice the TTL: each pushes the expiry further
        while (Instant.now().isBefore(firstExpiry.plus(TTL)) && offset < 100) {
            HttpResponse<String> p = patch(server, path, offset, new byte[5]);
            assertThat(p.statusCode()).as("PATCH at offset " + offset).isEqualTo(204);
            offset += 5;
            TusWire.sleep(600);
        }
        assertThat(Instant.now()).isAfter(firstExpiry);
        assertThat(head(server, path).statusCode()).isEqualTo(200);
        assertThat(head(server, path).headers().firstValue("Upload-Offset")).contains(Long.toString(offset));
    }

    @Test
    void aFinishedUploadAnswersHeadUntilItsMemoryExpires() {
        String path = TusWire.created(server, 3, meta("pub_key", PUB));
        assertThat(patch(server, path, 0, new byte[] {1, 2, 3}).statusCode()).isEqualTo(204);
        assertThat(head(server, path).statusCode()).isEqualTo(200);
        Instant deadline = Instant.now().plusSeconds(15);
        while (head(server, path).statusCode() == 200 && Instant.now().isBefore(deadline)) TusWire.sleep(100);
        assertThat(head(server, path).statusCode()).isEqualTo(404);
        assertThat(server.get("/info/?pub_key=" + PUB + "&file_id=" + TusWire.uuidOf(path)).statusCode())
                .as("the file itself stays").isEqualTo(200);
    }
}
