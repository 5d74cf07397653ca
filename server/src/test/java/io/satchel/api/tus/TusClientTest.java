package io.satchel.api.tus;

import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real tus client (tus-java-client: PATCH as POST + X-HTTP-Method-Override, Expect: 100-continue, chunked bodies). */
class TusClientTest {
    private static TestServer server;
    private static Path dir;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        dir = TestServer.tempDir();
    }

    @AfterAll
    static void stop() {
        server.close();
        TestServer.deleteTree(dir);
    }

    @Test
    void aWholeUploadBecomesTheFileNamedByItsUrl() throws Exception {
        byte[] content = TusWire.random(3_000_000, 30);
        File file = write("whole.bin", content);
        RecordingClient client = client(new TusURLMemoryStore());
        TusUpload upload = upload(file);
        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(256 * 1024);
        uploader.setRequestPayloadSize(1024 * 1024);
        while (uploader.uploadChunk() > -1) {
            assertThat(uploader.getOffset()).isLessThanOrEqualTo(content.length);
        }
        uploader.finish();
        String uuid = TusWire.uuidOf(uploader.getUploadURL().getPath());
        JsonNode info = new Uploader(server).awaitReady(PUB, uuid);
        assertThat(info.get("size").asLong()).isEqualTo(content.length);
        assertThat(info.get("original_filename").asText()).isEqualTo("whole.bin");
        assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));
    }

    @Test
    void anUploadCutOffMidwayResumesWithANewClientFromTheDurableOffset() throws Exception {
        byte[] content = TusWire.random(4_000_000, 31);
        File file = write("resumed.bin", content);
        TusURLMemoryStore urls = new TusURLMemoryStore();
        RecordingClient first = client(urls);
        TusUploader cut = first.createUpload(upload(file));
        cut.setChunkSize(64 * 1024);
        while (cut.getOffset() < 1_500_000) assertThat(cut.uploadChunk()).isPositive();
        first.last.disconnect(); // the network goes away in the middle of the PATCH body
        String path = cut.getUploadURL().getPath();
        Instant deadline = Instant.now().plusSeconds(10);
        while (TusWire.offset(server, path) == 0 && Instant.now().isBefore(deadline)) TusWire.sleep(50);
        long durable = TusWire.offset(server, path);
        assertThat(durable).as("what arrived before the cut is kept").isPositive().isLessThanOrEqualTo(cut.getOffset());

        RecordingClient second = client(urls);
        TusUploader resumed = second.resumeUpload(upload(file));
        assertThat(resumed.getUploadURL()).isEqualTo(cut.getUploadURL());
        assertThat(resumed.getOffset()).isEqualTo(durable);
        resumed.setChunkSize(256 * 1024);
        while (resumed.uploadChunk() > -1) {
            // on to the end
        }
        resumed.finish();
        String uuid = TusWire.uuidOf(path);
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));

        TusUploader again = client(urls).resumeUpload(upload(file));
        assertThat(again.getOffset()).as("a finished upload resumes as done").isEqualTo(content.length);
        assertThat(again.uploadChunk()).isEqualTo(-1);
    }

    private static RecordingClient client(TusURLMemoryStore urls) throws IOException {
        RecordingClient client = new RecordingClient();
        client.setUploadCreationURL(URI.create(server.base() + "/tus/").toURL());
        client.enableResuming(urls);
        return client;
    }

    private static TusUpload upload(File file) throws IOException {
        TusUpload upload = new TusUpload(file);
        upload.setMetadata(Map.of("pub_key", PUB, "filename", file.getName()));
        return upload;
    }

    private static File write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p.toFile();
    }

    /** Keeps the last connection the client opened, to cut it off as a network failure would. */
    private static final class RecordingClient extends TusClient {
        volatile HttpURLConnection last;

        @Override
        public void prepareConnection(HttpURLConnection connection) {
            super.prepareConnection(connection);
            last = connection;
        }
    }
}
