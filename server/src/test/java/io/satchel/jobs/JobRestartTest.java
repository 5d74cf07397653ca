package io.satchel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A PROCESS job queued before a restart runs after it: the queue is rows in the catalog, not memory. */
class JobRestartTest {
    private final Path dir = TestServer.tempDir();

    @AfterEach
    void clean() {
        TestServer.deleteTree(dir);
    }

    @Test
    void aJobQueuedBeforeARestartStillRuns() {
        String body = "queued before the restart";
        String uuid;
        // First a node that only queues work (no job threads); it stops with the job still waiting.
        try (TestServer first = TestServer.startIn(dir, s -> s.withJobThreads(0))) {
            uuid = new Uploader(first).upload(TestServer.PUB, "note.txt", body, "1");
            Uploader.sleep(500);
            var info = Uploader.json(first.get("/info/?pub_key=" + TestServer.PUB + "&file_id=" + uuid).body());
            assertThat(info.get("is_ready").asBoolean()).isFalse();
            assertThat(first.satchel().jobs().depth()).isEqualTo(1);
        }
        try (TestServer second = TestServer.startIn(dir, UnaryOperator.identity())) {
            var info = new Uploader(second).awaitReady(TestServer.PUB, uuid);
            assertThat(info.get("size").asLong()).isEqualTo(body.length());
            assertThat(info.get("content_info").get("mime").get("mime").asText()).isEqualTo("text/plain");
            Uploader.sleep(200);
            assertThat(second.satchel().jobs().depth()).isZero();
        }
    }
}
