package io.satchel.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unstored files go away after SATCHEL_TEMPORARY_FILE_TTL, bytes included; stored files stay. */
class TemporaryFileSweepTest {
    static TestServer server;
    static Uploader uploader;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.withTemporaryFiles(Duration.ofMillis(300), Duration.ofMillis(200)));
        uploader = new Uploader(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void temporaryFilesAreRemovedAfterTheTtlAndStoredOnesStay() throws Exception {
        String temporary = uploader.upload(TestServer.PUB, "temp.txt", "temporary", "0");
        String stored = uploader.upload(TestServer.PUB, "kept.txt", "stored", "1");
        Path tempBlob = server.dataDir().resolve("blobs/originals/" + temporary.substring(0, 2) + "/" + temporary);
        assertThat(tempBlob).exists();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int status;
        do {
            Uploader.sleep(100);
            status = server.get("/info/?pub_key=" + TestServer.PUB + "&file_id=" + temporary).statusCode();
        } while (status == 200 && Instant.now().isBefore(deadline));

        assertThat(status).isEqualTo(404);
        assertThat(Files.exists(tempBlob)).isFalse();
        assertThat(server.get("/info/?pub_key=" + TestServer.PUB + "&file_id=" + stored).statusCode()).isEqualTo(200);
    }
}
