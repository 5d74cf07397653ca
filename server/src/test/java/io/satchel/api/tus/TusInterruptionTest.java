package io.satchel.api.tus;

import static io.satchel.api.tus.TusWire.meta;
import static io.satchel.api.tus.TusWire.patch;
import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PATCHes that break off midway, and PATCHes that race: offsets only report durable bytes, bytes never interleave. */
class TusInterruptionTest {
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
    void aPatchCutOffMidwayKeepsWhatArrivedAndTheClientResumesFromThere() throws Exception {
        byte[] content = TusWire.random(1_000_000, 20);
        String path = TusWire.created(server, content.length, meta("pub_key", PUB, "filename", "cut.bin"));
        int arrived = 300_000;
        Socket cut = TusWire.startPatch(server.satchel().port(), path, 0, content.length, Arrays.copyOf(content, arrived));
        TusWire.sleep(200);
        cut.close(); // with 700,000 bytes still announced
        TusWire.awaitOffset(server, path, arrived);
        assertThat(patch(server, path, 0, content).statusCode()).as("the old offset is stale").isEqualTo(409);
        HttpResponse<String> rest = patch(server, path, arrived, Arrays.copyOfRange(content, arrived, content.length));
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
        String uuid = TusWire.uuidOf(path);
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));
    }

    @Test
    void aCutOffPatchWithAChecksumKeepsNothing() throws Exception {
        byte[] content = TusWire.random(200_000, 21);
        String path = TusWire.created(server, content.length, meta("pub_key", PUB));
        Socket cut = TusWire.startPatch(server.satchel().port(), path, 0, content.length, Arrays.copyOf(content, 50_000),
                "Upload-Checksum", "sha1 " + TusWire.digest("SHA-1", content));
        TusWire.sleep(200);
        cut.close();
        // The server is done with the broken request once a new one gets the lock.
        TusWire.awaitOffset(server, path, 0);
        HttpResponse<String> whole = patch(server, path, 0, content, "Upload-Checksum", "sha1 " + TusWire.digest("SHA-1", content));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(204);
        assertThat(whole.headers().firstValue("Upload-Offset")).contains(String.valueOf(content.length));
    }

    @Test
    void aSecondPatchWhileOneIsWritingGets409AndNeverInterleaves() throws Exception {
        byte[] content = TusWire.random(400_000, 22);
        String path = TusWire.created(server, content.length, meta("pub_key", PUB, "filename", "race.bin"));
        try (Socket first = TusWire.startPatch(server.satchel().port(), path, 0, content.length, Arrays.copyOf(content, 100_000))) {
            TusWire.sleep(300);
            byte[] intruder = TusWire.random(content.length, 23);
            HttpResponse<String> second = patch(server, path, 0, intruder);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(TusWire.offset(server, path)).as("nothing is durable before the first PATCH ends").isZero();
            OutputStream out = first.getOutputStream();
            out.write(content, 100_000, content.length - 100_000);
            out.flush();
            assertThat(TusWire.status(first)).isEqualTo(204);
        }
        String uuid = TusWire.uuidOf(path);
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));
    }

    @Test
    void concurrentPatchesAtTheSameOffsetLeaveOneWinner() throws Exception {
        byte[] a = TusWire.random(2_000_000, 24);
        byte[] b = TusWire.random(2_000_000, 25);
        String path = TusWire.created(server, a.length, meta("pub_key", PUB));
        var one = java.util.concurrent.CompletableFuture.supplyAsync(() -> patch(server, path, 0, a));
        var two = java.util.concurrent.CompletableFuture.supplyAsync(() -> patch(server, path, 0, b));
        int s1 = one.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode();
        int s2 = two.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode();
        assertThat(java.util.List.of(s1, s2)).containsExactlyInAnyOrder(204, 409);
        String uuid = TusWire.uuidOf(path);
        new Uploader(server).awaitReady(PUB, uuid);
        String sha = TusWire.sha256(TusWire.original(server.base(), uuid));
        assertThat(sha).isEqualTo(TusWire.sha256(s1 == 204 ? a : b));
    }
}
