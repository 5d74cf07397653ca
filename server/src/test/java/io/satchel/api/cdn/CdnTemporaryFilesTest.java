package io.satchel.api.cdn;

import static io.satchel.api.cdn.CdnClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Temporary files are cached briefly and disappear from the CDN once the sweep removes them. */
class CdnTemporaryFilesTest {
    private static TestServer server;
    private static CdnClient cdn;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withTemporaryFiles(Duration.ofSeconds(2), Duration.ofMillis(200)));
        cdn = new CdnClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTemporaryFileIsServedBrieflyThenNotFoundAfterTheSweep() {
        Uploader up = new Uploader(server);
        String temporary = up.upload(TestServer.PUB, "draft.txt", "draft", "0");
        String stored = up.upload(TestServer.PUB, "final.txt", "final", "1");

        HttpResponse<byte[]> before = cdn.get("/" + temporary + "/");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(header(before, "Cache-Control")).isEqualTo("public, max-age=600").doesNotContain("immutable");
        assertThat(header(cdn.get("/" + stored + "/"), "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        String group = cdn.createGroup(TestServer.PUB, List.of(stored, temporary));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> cdn.get("/" + temporary + "/").statusCode() == 404);

        HttpResponse<byte[]> after = cdn.get("/" + temporary + "/draft.txt");
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("Not found.");
        assertThat(header(after, "Cache-Control")).isEqualTo("no-store");
        assertThat(cdn.head("/" + temporary + "/").statusCode()).isEqualTo(404);
        assertThat(cdn.get("/" + group + "/nth/1/").statusCode()).isEqualTo(404);
        assertThat(new String(cdn.get("/" + group + "/").body(), StandardCharsets.UTF_8)).contains("(not available)");
        assertThat(new String(cdn.get("/" + group + "/nth/0/").body(), StandardCharsets.UTF_8)).isEqualTo("final");
        assertThat(cdn.get("/" + stored + "/").statusCode()).isEqualTo(200);
    }
}
