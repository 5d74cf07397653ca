package io.satchel.api.cdn;

import static io.satchel.api.cdn.CdnClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CdnOriginalsTest {
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final byte[] BINARY = new byte[70_000];
    private static final byte[] TEXT = "Hello, Satchel!\n".getBytes(StandardCharsets.UTF_8);

    private static TestServer server;
    private static CdnClient cdn;
    private static String binary;
    private static String text;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        cdn = new CdnClient(server);
        new Random(7).nextBytes(BINARY);
        Uploader up = new Uploader(server);
        binary = up.upload(TestServer.PUB, "noise.bin", BINARY, "1");
        text = up.upload(TestServer.PUB, "Hello World.txt", TEXT, "1");
        up.awaitReady(TestServer.PUB, binary);
        up.awaitReady(TestServer.PUB, text);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void originalBytesRoundTripExactly() {
        HttpResponse<byte[]> r = cdn.get("/" + binary + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(BINARY);
        assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(BINARY.length));
        assertThat(header(r, "ETag")).isEqualTo("\"" + CdnClient.sha256(BINARY) + "\"");
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Cache-Control")).isEqualTo(IMMUTABLE);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Content-Disposition")).isEqualTo("attachment; filename=\"noise.bin\"; filename*=UTF-8''noise.bin");
    }

    @Test
    void withoutTrailingSlashOrWithAFilenameTheBytesAreTheSame() {
        assertThat(cdn.get("/" + binary).body()).isEqualTo(BINARY);
        HttpResponse<byte[]> named = cdn.get("/" + text + "/r%C3%A9sum%C3%A9%20final.txt");
        assertThat(named.statusCode()).isEqualTo(200);
        assertThat(named.body()).isEqualTo(TEXT);
        assertThat(header(named, "Content-Type")).isEqualTo("text/plain");
        assertThat(header(named, "Content-Disposition"))
                .isEqualTo("attachment; filename=\"r_sum_ final.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.txt");
    }

    @Test
    void withoutAFilenameTheStoredSanitisedNameIsUsed() {
        assertThat(header(cdn.get("/" + text + "/"), "Content-Disposition"))
                .isEqualTo("attachment; filename=\"HelloWorld.txt\"; filename*=UTF-8''HelloWorld.txt");
    }

    @Test
    void uppercaseUuidIsTheSameFile() {
        HttpResponse<byte[]> r = cdn.get("/" + text.toUpperCase() + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(TEXT);
    }

    @Test
    void headAnswersTheSameHeadersWithoutABody() {
        HttpResponse<byte[]> get = cdn.get("/" + binary + "/x.bin");
        HttpResponse<byte[]> head = cdn.head("/" + binary + "/x.bin");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String h : new String[] {"Content-Length", "Content-Type", "ETag", "Cache-Control", "Accept-Ranges",
            "Content-Disposition", "X-Content-Type-Options"}) {
            assertThat(header(head, h)).as(h).isNotNull().isEqualTo(header(get, h));
        }
        assertThat(cdn.head("/" + binary + "/", "Range", "bytes=0-9").statusCode()).isEqualTo(200);
    }

    @Test
    void aMatchingIfNoneMatchIsNotModified() {
        String etag = header(cdn.get("/" + text + "/"), "ETag");
        for (String inm : new String[] {etag, "W/" + etag, "\"nope\", " + etag, "*"}) {
            HttpResponse<byte[]> r = cdn.get("/" + text + "/-/inline/yes/", "If-None-Match", inm);
            assertThat(r.statusCode()).as(inm).isEqualTo(304);
            assertThat(r.body()).isEmpty();
            assertThat(header(r, "ETag")).isEqualTo(etag);
            assertThat(header(r, "Cache-Control")).isEqualTo(IMMUTABLE);
        }
        assertThat(cdn.head("/" + text + "/", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> other = cdn.get("/" + text + "/", "If-None-Match", "\"nope\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(TEXT);
    }

    @Test
    void eachRangeFormIsPartialContent() {
        int n = BINARY.length;
        expectSlice("bytes=0-9", 0, 9);
        expectSlice("bytes=69990-", 69_990, n - 1);
        expectSlice("bytes=-5", n - 5, n - 1);
        expectSlice("bytes=100-99999999", 100, n - 1);
        expectSlice("bytes=" + (n - 1) + "-" + (n - 1), n - 1, n - 1);
    }

    private static void expectSlice(String range, int first, int last) {
        HttpResponse<byte[]> r = cdn.get("/" + binary + "/", "Range", range);
        assertThat(r.statusCode()).as(range).isEqualTo(206);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + BINARY.length);
        assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(last - first + 1));
        assertThat(header(r, "ETag")).isEqualTo("\"" + CdnClient.sha256(BINARY) + "\"");
        assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(BINARY, first, last + 1));
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheSize() {
        for (String range : new String[] {"bytes=" + BINARY.length + "-", "bytes=-0", "bytes=999999-1000000"}) {
            HttpResponse<byte[]> r = cdn.get("/" + binary + "/", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(416);
            assertThat(header(r, "Content-Range")).isEqualTo("bytes */" + BINARY.length);
        }
    }

    @Test
    void multipleOrMalformedRangesGetTheWholeFile() {
        for (String range : new String[] {"bytes=0-1,5-6", "bytes=5-2", "lines=1-2", "bytes=x"}) {
            HttpResponse<byte[]> r = cdn.get("/" + binary + "/", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).isEqualTo(BINARY);
            assertThat(header(r, "Content-Range")).isNull();
        }
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentTag() {
        String etag = "\"" + CdnClient.sha256(BINARY) + "\"";
        HttpResponse<byte[]> same = cdn.get("/" + binary + "/", "Range", "bytes=0-3", "If-Range", etag);
        assertThat(same.statusCode()).isEqualTo(206);
        assertThat(same.body()).hasSize(4);
        for (String ifRange : new String[] {"\"stale\"", "W/" + etag, "Wed, 21 Oct 2015 07:28:00 GMT"}) {
            HttpResponse<byte[]> r = cdn.get("/" + binary + "/", "Range", "bytes=0-3", "If-Range", ifRange);
            assertThat(r.statusCode()).as(ifRange).isEqualTo(200);
            assertThat(r.body()).isEqualTo(BINARY);
        }
    }

    @Test
    void everyChainServesTheOriginalForNow() {
        for (String chain : new String[] {"-/@clib/file-uploader/1.29.1/uc-thumb/", "-/no_such_op/1/2/",
            "-/preview/-/resize/10x/", "-/scale_crop/10x10/center/-/format/webp/"}) {
            HttpResponse<byte[]> r = cdn.get("/" + binary + "/" + chain);
            assertThat(r.statusCode()).as(chain).isEqualTo(200);
            assertThat(r.body()).isEqualTo(BINARY);
        }
    }

    @Test
    void aMalformedInlineIsABadRequest() {
        HttpResponse<byte[]> r = cdn.get("/" + text + "/-/inline/maybe/");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void unknownFilesAreNotFound() {
        HttpResponse<byte[]> r = cdn.get("/00000000-0000-4000-8000-000000000000/");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("Not found.");
        assertThat(header(r, "Content-Type")).startsWith("text/plain");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
        assertThat(cdn.get("/favicon.ico").statusCode()).isEqualTo(404);
        assertThat(cdn.get("/" + text + "/detect_faces/").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyGetAndHeadAreAllowed() {
        HttpResponse<byte[]> r = cdn.send("DELETE", "/" + text + "/");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(header(r, "Allow")).isEqualTo("GET, HEAD");
        assertThat(cdn.get("/" + text + "/").statusCode()).isEqualTo(200);
    }

    @Test
    void traversalAttemptsNeverReachAnythingElse() {
        String[] attempts = {"/../" + text + "/", "/" + text + "/../../etc/passwd", "/" + text + "/..%2F..%2Fetc%2Fpasswd",
            "/..%2F..%2Fetc%2Fpasswd", "/%2E%2E/%2E%2E/etc/passwd", "/" + text + "%2F..%2F..%2Fetc%2Fpasswd",
            "/" + text + "/-/inline/yes/..%2F..%2Fdata.db", "/blobs/originals/", "/" + text + "%00/",
            "/" + text + "/%2E%2E%2F%2E%2E%2Fcatalog.db"};
        for (String path : attempts) {
            HttpResponse<byte[]> r = cdn.get(path);
            if (r.statusCode() == 200) {
                // Only ever the file the uuid names, with a harmless download name.
                assertThat(r.body()).as(path).isEqualTo(TEXT);
                assertThat(header(r, "Content-Disposition")).as(path).doesNotContain("/");
            } else {
                assertThat(r.statusCode()).as(path).isIn(400, 404);
            }
        }
    }
}
