package io.satchel.api.tus;

import static io.satchel.api.tus.TusWire.create;
import static io.satchel.api.tus.TusWire.head;
import static io.satchel.api.tus.TusWire.meta;
import static io.satchel.api.tus.TusWire.patch;
import static io.satchel.testing.TestServer.PUB;
import static io.satchel.testing.TestServer.PUB2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concatenation: partial uploads in parallel, one final upload that names them becomes the file. */
class TusConcatenationTest {
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
    void aFinalUploadOfTwoPartialsIsOneFileWithTheRightBytes() {
        byte[] content = TusWire.random(300_000, 10);
        String a = partial(PUB, Arrays.copyOfRange(content, 0, 120_000));
        String b = partial(PUB, Arrays.copyOfRange(content, 120_000, content.length));
        HttpResponse<String> ha = head(server, a);
        assertThat(ha.headers().firstValue("Upload-Concat")).contains("partial");
        assertThat(ha.headers().firstValue("Upload-Offset")).contains("120000");
        assertThat(TusWire.uuidOf(a)).as("a finished partial is no file").satisfies(uuid ->
                assertThat(server.get("/info/?pub_key=" + PUB + "&file_id=" + uuid).statusCode()).isEqualTo(404));

        // One part by path, the other by absolute URL, as clients do either.
        String concat = "final;" + a + " " + server.satchel().publicUrl() + b;
        HttpResponse<String> r = create(server, "Upload-Concat", concat, "Upload-Metadata",
                meta("pub_key", PUB, "filename", "joined.bin", "store", "1"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String fin = TusWire.pathOf(r.headers().firstValue("Location").orElseThrow());
        String uuid = TusWire.uuidOf(fin);
        JsonNode info = new Uploader(server).awaitReady(PUB, uuid);
        assertThat(info.get("size").asLong()).isEqualTo(content.length);
        assertThat(info.get("original_filename").asText()).isEqualTo("joined.bin");
        assertThat(info.get("is_stored").asBoolean()).isTrue();
        assertThat(TusWire.sha256(TusWire.original(server.base(), uuid))).isEqualTo(TusWire.sha256(content));

        HttpResponse<String> h = head(server, fin);
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.headers().firstValue("Upload-Concat")).contains(concat);
        assertThat(h.headers().firstValue("Upload-Offset")).contains(String.valueOf(content.length));
        assertThat(h.headers().firstValue("Upload-Length")).contains(String.valueOf(content.length));
        assertThat(patch(server, fin, content.length, new byte[1]).statusCode()).as("a final upload takes no PATCH").isEqualTo(403);
        assertThat(head(server, a).statusCode()).as("partials are let go once concatenated").isEqualTo(410);
        assertThat(server.holdsPiecesOf(TusWire.uuidOf(b))).isFalse();
    }

    @Test
    void partialsOfAnotherProjectUnfinishedOrUnknownAreRefused() {
        String mine = partial(PUB, new byte[] {1, 2, 3});
        String theirs = partial(PUB2, new byte[] {4, 5, 6});
        assertThat(finalOf(PUB, mine + " " + theirs).statusCode()).isEqualTo(400);
        assertThat(finalOf(PUB2, mine).statusCode()).isEqualTo(400);

        HttpResponse<String> c = create(server, "Upload-Length", "10", "Upload-Concat", "partial",
                "Upload-Metadata", meta("pub_key", PUB));
        String unfinished = TusWire.pathOf(c.headers().firstValue("Location").orElseThrow());
        assertThat(patch(server, unfinished, 0, new byte[4]).statusCode()).isEqualTo(204);
        assertThat(finalOf(PUB, mine + " " + unfinished).statusCode()).isEqualTo(400);
        assertThat(finalOf(PUB, mine + " /tus/00000000-0000-4000-8000-000000000000").statusCode()).isEqualTo(400);
        assertThat(finalOf(PUB, mine + " /files/whatever/").statusCode()).isEqualTo(400);
        String plain = TusWire.created(server, 5, meta("pub_key", PUB));
        assertThat(finalOf(PUB, plain).statusCode()).as("a plain upload is no partial").isEqualTo(400);
        assertThat(create(server, "Upload-Concat", "final;" + mine, "Upload-Length", "3",
                "Upload-Metadata", meta("pub_key", PUB)).statusCode()).isEqualTo(400);
        String many = IntStream.range(0, TusCreation.MAX_PARTS + 1).mapToObj(i -> mine).collect(Collectors.joining(" "));
        assertThat(finalOf(PUB, many).statusCode()).isIn(400, 431);
        assertThat(head(server, mine).statusCode()).as("refusals leave the partials alone").isEqualTo(200);
    }

    @Test
    void aPartialMayBeNamedTwice() {
        String a = partial(PUB, "ab".getBytes());
        HttpResponse<String> r = finalOf(PUB, List.of(a, a).stream().collect(Collectors.joining(" ")));
        assertThat(r.statusCode()).isEqualTo(201);
        String uuid = TusWire.uuidOf(TusWire.pathOf(r.headers().firstValue("Location").orElseThrow()));
        new Uploader(server).awaitReady(PUB, uuid);
        assertThat(new String(TusWire.original(server.base(), uuid))).isEqualTo("abab");
    }

    private static HttpResponse<String> finalOf(String pub, String urls) {
        return create(server, "Upload-Concat", "final;" + urls, "Upload-Metadata", meta("pub_key", pub));
    }

    private static String partial(String pub, byte[] bytes) {
        HttpResponse<String> r = create(server, "Upload-Length", String.valueOf(bytes.length), "Upload-Concat", "partial",
                "Upload-Metadata", meta("pub_key", pub));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String path = TusWire.pathOf(r.headers().firstValue("Location").orElseThrow());
        assertThat(patch(server, path, 0, bytes).statusCode()).isEqualTo(204);
        return path;
    }
}
