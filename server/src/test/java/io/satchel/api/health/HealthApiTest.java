package io.satchel.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void liveAndReadyAnswer() {
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Uploader.json(ready.body()).get("catalog").asBoolean()).isTrue();
    }

    @Test
    void metricsCountRequestsByApiAndStatus() {
        new Uploader(server).upload(TestServer.PUB, "m.txt", "metrics", "1");
        server.get("/info/?pub_key=nobody&file_id=x");
        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .containsPattern("satchel_http_requests_seconds_count\\{api=\"upload\",method=\"POST\",status=\"200\"} [1-9]")
                .containsPattern("satchel_http_requests_seconds_count\\{api=\"upload\",method=\"GET\",status=\"403\"} [1-9]")
                .containsPattern("satchel_upload_bytes_total [1-9]")
                .contains("satchel_jobs_queued")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void readyTurnsDownWhenTheStoreIsGone() {
        try (TestServer doomed = TestServer.start()) {
            TestServer.deleteTree(doomed.storeFolder()); // the folder, or the bucket

            HttpResponse<String> ready = doomed.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(Uploader.json(ready.body()).get("store").asBoolean()).isFalse();
            assertThat(doomed.get("/health/live").statusCode()).isEqualTo(200);
        }
    }
}
