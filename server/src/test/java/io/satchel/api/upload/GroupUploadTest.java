package io.satchel.api.upload;

import static io.satchel.api.upload.Wire.assertJsonError;
import static io.satchel.api.upload.Wire.assertPlainError;
import static io.satchel.api.upload.Wire.enc;
import static io.satchel.api.upload.Wire.ok;
import static io.satchel.testing.TestServer.PUB;
import static io.satchel.testing.TestServer.PUB2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.Multipart;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /group/} and {@code GET /group/info/} (spec §2.3.6, §2.5). */
class GroupUploadTest {
    private static final String DATETIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
    private static TestServer server;
    private static final List<String> files = new ArrayList<>();
    private static String foreign;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Uploader uploader = new Uploader(server);
        for (int i = 0; i < 12; i++) files.add(uploader.upload(PUB, "f" + i + ".txt", "file " + i, "0"));
        foreign = uploader.upload(PUB2, "theirs.txt", "theirs", "1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String a() {
        return files.get(0);
    }

    private static String b() {
        return files.get(1);
    }

    @Test
    void repeatedBracketsAsTheJsClientSends() {
        String form = "pub_key=" + PUB + "&files[]=" + a() + "&files[]=" + enc(b() + "/-/resize/x800/")
                + "&files[]=" + enc("https://ucarecdn.com/" + files.get(2) + "/");
        JsonNode g = ok(server.postForm("/group/?jsonerrors=1", form));
        assertGroup(g, List.of(a(), b(), files.get(2)), List.of("", "resize/x800/", ""));
    }

    @Test
    void entryForms() {
        String c = files.get(2);
        String form = "pub_key=" + PUB
                + "&files[]=" + enc("https://ucarecdn.com/" + a() + "/-/resize/x800/-/format/webp/")
                + "&files[]=" + enc(b() + "/-/preview/100x100/photo.jpg")
                + "&files[]=" + c.toUpperCase(java.util.Locale.ROOT)
                + "&files[]=" + enc("https://cdn.example.org/" + c + "/photo.jpg");
        assertGroup(ok(server.postForm("/group/", form)), List.of(a(), b(), c, c),
                List.of("resize/x800/-/format/webp/", "preview/100x100/", "", ""));
    }

    @Test
    void indexedFieldsAsPythonAndJavaSend() {
        Multipart m = new Multipart().field("pub_key", PUB).field("files[1]", b()).field("files[0]", a() + "/");
        JsonNode g = ok(server.post("/group/", m));
        assertGroup(g, List.of(a(), b()), List.of("", ""));
        assertThat(g.get("id").asText()).matches("^[0-9a-f-]{36}~2$");
    }

    @Test
    void indexesOrderNumerically() {
        StringBuilder form = new StringBuilder("pub_key=" + PUB);
        for (int i = 11; i >= 0; i--) form.append("&files%5B").append(i).append("%5D=").append(files.get(i));
        assertGroup(ok(server.postForm("/group/", form.toString())), files, java.util.Collections.nCopies(12, ""));
    }

    @Test
    void queryAndBodyMerge() {
        JsonNode g = ok(server.postForm("/group/?pub_key=" + PUB + "&files%5B%5D=" + a(), "files[]=" + b()));
        assertGroup(g, List.of(a(), b()), List.of("", ""));
    }

    @Test
    void rawBracketsInTheQueryAsBrowsersLeaveThem() {
        JsonNode g = ok(server.postForm("/group/?pub_key=" + PUB + "&files[]=" + a() + "&files[]=" + b(), ""));
        assertGroup(g, List.of(a(), b()), List.of("", ""));
    }

    @Test
    void groupInfoAnswersTheSameGroup() {
        JsonNode created = ok(server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + a() + "&files[]=" + enc(b() + "/-/crop/10x10/")));
        String id = created.get("id").asText();
        JsonNode got = ok(server.get("/group/info/?pub_key=" + PUB + "&group_id=" + id));
        assertThat(got).isEqualTo(created);
        assertThat(ok(server.postForm("/group/info/", "pub_key=" + PUB + "&group_id=" + id))).isEqualTo(created);
        assertThat(ok(server.post("/group/info/?group_id=" + id, new Multipart().field("pub_key", PUB)))).isEqualTo(created);
    }

    private static void assertGroup(JsonNode g, List<String> uuids, List<String> effects) {
        String id = g.get("id").asText();
        assertThat(id).matches("^[0-9a-f-]{36}~" + uuids.size() + "$");
        assertThat(g.get("files_count").isInt()).isTrue();
        assertThat(g.get("files_count").asInt()).isEqualTo(uuids.size());
        assertThat(g.get("datetime_created").asText()).matches(DATETIME);
        assertThat(g.has("datetime_stored")).isTrue();
        assertThat(g.get("cdn_url").asText()).matches("https?://[^/]+/" + java.util.regex.Pattern.quote(id) + "/");
        assertThat(g.get("url").asText()).matches("https?://[^/]+/groups/" + java.util.regex.Pattern.quote(id) + "/");
        JsonNode members = g.get("files");
        assertThat(members.size()).isEqualTo(uuids.size());
        for (int i = 0; i < uuids.size(); i++) {
            JsonNode f = members.get(i);
            assertThat(f.get("uuid").asText()).isEqualTo(uuids.get(i));
            assertThat(f.get("file_id").asText()).isEqualTo(uuids.get(i));
            assertThat(f.get("default_effects").asText()).isEqualTo(effects.get(i));
            assertThat(f.get("is_stored").isBoolean()).isTrue();
            assertThat(f.has("original_filename") && f.has("mime_type") && f.has("is_ready")).isTrue();
        }
    }

    @Test
    void createErrors() {
        assertPlainError(server.postForm("/group/", "pub_key=" + PUB), 400, "No files[N] parameters found.");
        assertJsonError(server.postForm("/group/?jsonerrors=1", "pub_key=" + PUB), 400, "GroupFilesInvalidError",
                "No files[N] parameters found.");
        assertPlainError(server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + a() + "&files[]=not-a-file"), 400,
                "This is not valid file url: not-a-file.");
        assertJsonError(server.postForm("/group/?jsonerrors=1", "pub_key=" + PUB + "&files[0]=" + enc(a() + "/x/y/")), 400,
                "GroupFileURLParsingFailedError", "This is not valid file url: " + a() + "/x/y/.");
        String unknown = "0b9e0a4e-6d4c-4c8e-9a39-3d1d9c7c0e11";
        assertPlainError(server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + a() + "&files[]=" + unknown), 400,
                "Some files not found.");
        assertJsonError(server.postForm("/group/?jsonerrors=1", "pub_key=" + PUB + "&files[]=" + a() + "&files[]=" + foreign),
                400, "GroupFilesNotFoundError", "Some files not found.");
        assertPlainError(server.postForm("/group/", "files[]=" + a()), 403, "pub_key is required.");
        assertPlainError(server.postForm("/group/", "pub_key=pub_nobody_9999&files[]=" + a()), 403, "pub_key is invalid.");
    }

    @Test
    void infoErrors() {
        String id = ok(server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + a())).get("id").asText();
        assertPlainError(server.get("/group/info/?pub_key=" + PUB), 400, "group_id is required.");
        assertJsonError(server.get("/group/info/?jsonerrors=1&pub_key=" + PUB), 400, "GroupIdRequiredError", "group_id is required.");
        assertPlainError(server.get("/group/info/?pub_key=" + PUB + "&group_id=nonsense"), 404, "group_id is invalid.");
        assertJsonError(server.get("/group/info/?jsonerrors=1&pub_key=" + PUB + "&group_id=0b9e0a4e-6d4c-4c8e-9a39-3d1d9c7c0e11~1"),
                404, "GroupNotFoundError", "group_id is invalid.");
        assertPlainError(server.get("/group/info/?pub_key=" + PUB2 + "&group_id=" + id), 404, "group_id is invalid.");
        assertPlainError(server.get("/group/info/?group_id=" + id), 403, "pub_key is required.");
    }

    @Test
    void jsonpCallback() {
        HttpResponse<String> r = server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + a() + "&callback=onGroup");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(r.body()).startsWith("onGroup(").endsWith(");");
        JsonNode g = Uploader.json(r.body().substring("onGroup(".length(), r.body().length() - 2));
        assertThat(g.get("files").get(0).get("uuid").asText()).isEqualTo(a());
        HttpResponse<String> info = server.get("/group/info/?pub_key=" + PUB + "&group_id=" + g.get("id").asText() + "&callback=cb");
        assertThat(info.body()).startsWith("cb(");
        assertThat(server.postForm("/group/", "pub_key=" + PUB + "&files[]=" + a() + "&callback=" + enc("alert(1)//")).statusCode())
                .isEqualTo(400);
    }
}
