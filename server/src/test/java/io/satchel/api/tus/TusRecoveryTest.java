package io.satchel.api.tus;

import static io.satchel.api.tus.TusWire.head;
import static io.satchel.api.tus.TusWire.meta;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.catalog.Database;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import io.satchel.uploads.PendingUpload;
import io.satchel.uploads.PendingUploadCatalog;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An upload whose every byte was durable when the node died, before CONFIRM ran: the next request finishes it. */
class TusRecoveryTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aHeadFinishesAnUploadWhoseLastByteWasKeptButNeverConfirmed() throws Exception {
        // The state is made by hand in the local store's spool file.
        org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.onObjectStore());
        byte[] content = "all bytes, no file".getBytes();
        String path = TusWire.created(server, content.length, meta("pub_key", PUB, "filename", "late.txt"));
        String uuid = TusWire.uuidOf(path);
        // What a crash right after the offset reached the end leaves: the spool full, the row at its length.
        Files.write(server.dataDir().resolve("blobs/.spool").resolve(uuid), content);
        try (Database db = Database.open(server.satchel().settings())) {
            PendingUploadCatalog catalog = new PendingUploadCatalog(db.jdbi());
            PendingUpload u = catalog.find(uuid).orElseThrow();
            assertThat(catalog.advance(uuid, 0, content.length, u.expiresAt())).isTrue();
        }
        HttpResponse<String> h = head(server, path);
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.headers().firstValue("Upload-Offset")).contains(String.valueOf(content.length));
        assertThat(new Uploader(server).awaitReady(PUB, uuid).get("original_filename").asText()).isEqualTo("late.txt");
        assertThat(TusWire.original(server.base(), uuid)).isEqualTo(content);
    }
}
