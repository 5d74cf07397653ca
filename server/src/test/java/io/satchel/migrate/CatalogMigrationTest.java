package io.satchel.migrate;

import static io.satchel.testing.TestServer.PUB;
import static io.satchel.testing.TestServer.PUB2;
import static io.satchel.testing.TestServer.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.catalog.Database;
import io.satchel.config.Settings;
import io.satchel.projects.Projects;
import io.satchel.storage.StorageSettings;
import io.satchel.testing.Postgres;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code migrate catalog}: a SQLite catalog made through the real APIs (files, metadata, a group, a queued
 * job, an upload left half done) is copied into PostgreSQL, and a node started on PostgreSQL with the same
 * data folder serves all of it.
 */
class CatalogMigrationTest {
    private static final int PART = 5 * 1024 * 1024;
    private static final String PASSWORD_VAR = "TARGET_PASSWORD";

    private static Path dir;
    private static final Map<String, byte[]> contents = new LinkedHashMap<>();
    private static final Map<String, String> owners = new LinkedHashMap<>();
    private static final Map<String, JsonNode> infos = new LinkedHashMap<>();
    private static String withMetadata;
    private static String group;
    private static String queued;
    private static String unfinished;
    private static List<String> partUrls;
    private static byte[] big;

    /** The node being moved: SQLite and blobs in the data folder, whatever store the suite runs on. */
    private static TestServer node(UnaryOperator<Settings> more) {
        return TestServer.startIn(dir, s -> more.apply(s.withStorage(StorageSettings.FILE)));
    }

    @BeforeAll
    static void makeCatalog() {
        dir = TestServer.tempDir();
        try (TestServer node = node(s -> s)) {
            Uploader uploader = new Uploader(node);
            for (int i = 0; i < 3; i++) {
                byte[] body = ("file number " + i).getBytes(StandardCharsets.UTF_8);
                String pub = i == 2 ? PUB2 : PUB;
                String uuid = uploader.upload(pub, "f" + i + ".txt", body, "1");
                contents.put(uuid, body);
                owners.put(uuid, pub);
            }
            withMetadata = contents.keySet().iterator().next();
            assertThat(rest(node, "PUT", "/files/" + withMetadata + "/metadata/color/", "\"blue\"").statusCode()).isEqualTo(201);
            assertThat(rest(node, "PUT", "/files/" + withMetadata + "/metadata/shape/", "\"round\"").statusCode()).isEqualTo(201);
            List<String> ours = contents.keySet().stream().limit(2).toList();
            HttpResponse<String> g = node.postForm("/group/", "pub_key=" + PUB + "&files[]=" + ours.get(0) + "&files[]=" + ours.get(1));
            assertThat(g.statusCode()).as(g.body()).isEqualTo(200);
            group = Uploader.json(g.body()).get("id").asText();

            big = new byte[2 * PART];
            new Random(7).nextBytes(big);
            HttpResponse<String> started = node.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB
                    + "&filename=big.bin&size=" + big.length + "&content_type=application/octet-stream&UPLOADCARE_STORE=1");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            JsonNode s = Uploader.json(started.body());
            unfinished = s.get("uuid").asText();
            partUrls = java.util.stream.StreamSupport.stream(s.get("parts").spliterator(), false).map(JsonNode::asText).toList();
            assertThat(putPart(node, 0).statusCode()).isEqualTo(200);

            owners.forEach((uuid, pub) -> infos.put(uuid, uploader.awaitReady(pub, uuid)));
        }
        // Without job workers the next upload's processing stays queued: it must survive the move.
        try (TestServer node = node(s -> s.withJobThreads(0))) {
            byte[] body = "processed after the move".getBytes(StandardCharsets.UTF_8);
            queued = new Uploader(node).upload(PUB, "queued.txt", body, "1");
            contents.put(queued, body);
        }
    }

    @AfterAll
    static void removeCatalog() {
        TestServer.deleteTree(dir);
    }

    @Test
    void copiesTheCatalogAgainOnlyWhatChangedAndANodeOnPostgresServesIt() throws Exception {
        String[] pg = Postgres.freshDatabase();
        Migration first = migrate(pg);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.table("files")).isEqualTo("files 4 4 0 0 yes");
        assertThat(first.table("scheduled_tasks")).as("one queued job; recurring chores stay").isEqualTo("scheduled_tasks 1 1 0 0 yes");
        assertThat(first.table("pending_uploads")).isEqualTo("pending_uploads 1 1 0 0 yes");
        assertThat(first.table("pending_upload_parts")).isEqualTo("pending_upload_parts 1 1 0 0 yes");
        assertThat(first.out()).contains("Verified: 11 tables");

        // The node served on after the first copy: a new file, a metadata key removed.
        byte[] later = "uploaded after the first copy".getBytes(StandardCharsets.UTF_8);
        String added;
        try (TestServer node = node(s -> s.withJobThreads(0))) {
            added = new Uploader(node).upload(PUB, "later.txt", later, "1");
            assertThat(rest(node, "DELETE", "/files/" + withMetadata + "/metadata/shape/", null).statusCode()).isEqualTo(204);
        }
        contents.put(added, later);
        Migration second = migrate(pg);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.table("files")).isEqualTo("files 5 1 0 0 yes");
        assertThat(second.table("file_metadata")).isEqualTo("file_metadata 1 0 0 1 yes");
        assertThat(second.table("scheduled_tasks")).isEqualTo("scheduled_tasks 2 1 0 0 yes");
        Migration third = migrate(pg);
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.out()).contains("nothing new since the last copy");

        try (TestServer cluster = node(s -> s.withDatabase(pg[0], pg[1], pg[2]))) {
            Uploader uploader = new Uploader(cluster);
            for (var e : infos.entrySet()) {
                JsonNode now = Uploader.json(cluster.get("/info/?pub_key=" + owners.get(e.getKey()) + "&file_id=" + e.getKey()).body());
                assertThat(withoutMetadata(now)).as(e.getKey()).isEqualTo(withoutMetadata(e.getValue()));
            }
            for (var e : contents.entrySet()) {
                HttpResponse<byte[]> cdn = cluster.sendForBytes(HttpRequest.newBuilder(cluster.uri("/" + e.getKey() + "/")).build());
                assertThat(cdn.statusCode()).isEqualTo(200);
                assertThat(cdn.body()).isEqualTo(e.getValue());
            }
            JsonNode metadata = Uploader.json(rest(cluster, "GET", "/files/" + withMetadata + "/metadata/", null).body());
            assertThat(metadata.toString()).isEqualTo("{\"color\":\"blue\"}");

            JsonNode g = Uploader.json(cluster.get("/group/info/?pub_key=" + PUB + "&group_id=" + group).body());
            assertThat(g.get("files_count").asInt()).isEqualTo(2);

            assertThat(rest(cluster, "GET", "/project/", null).statusCode()).as("the secret key moved").isEqualTo(200);
            assertThat(cluster.satchel().projects().create("charlie").id()).as("ids go on past the copied ones").isEqualTo(3);

            await().atMost(Duration.ofSeconds(20)).until(() -> Uploader.json(cluster.get("/info/?pub_key=" + PUB
                    + "&file_id=" + queued).body()).get("is_ready").asBoolean());

            assertThat(putPart(cluster, 1).statusCode()).as("the half-done upload goes on").isEqualTo(200);
            HttpResponse<String> done = cluster.postForm("/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + unfinished);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            HttpResponse<byte[]> whole = cluster.sendForBytes(HttpRequest.newBuilder(cluster.uri("/" + unfinished + "/")).build());
            assertThat(whole.body()).isEqualTo(big);
            uploader.awaitReady(PUB, unfinished);
        }
    }

    @Test
    void copiesWhileTheNodeServesThenAgainOnceItStopped() throws Exception {
        Path own = TestServer.tempDir();
        String[] pg = Postgres.freshDatabase();
        AtomicInteger uploaded = new AtomicInteger();
        try {
            try (TestServer node = TestServer.startIn(own, s -> s.withStorage(StorageSettings.FILE))) {
                Uploader uploader = new Uploader(node);
                AtomicBoolean stop = new AtomicBoolean();
                Thread uploads = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 1000 && !stop.get(); i++) {
                        uploader.upload(PUB, "n" + i + ".txt", "upload " + i, "1");
                        uploaded.incrementAndGet();
                    }
                });
                await().atMost(Duration.ofSeconds(20)).until(() -> uploaded.get() >= 3);
                int before = uploaded.get();
                Migration during = migrate(own, pg);
                int after = uploaded.get();
                stop.set(true);
                uploads.join();
                assertThat(during.code()).as("one snapshot of the source: verified though the node wrote meanwhile").isZero();
                assertThat(after).as("the node went on writing while the copy read").isGreaterThan(before);
            }
            Migration last = migrate(own, pg);
            assertThat(last.code()).isZero();
            assertThat(last.table("files")).startsWith("files " + uploaded.get() + " ");
        } finally {
            TestServer.deleteTree(own);
        }
    }

    @Test
    void refusesATargetWithAProjectOfItsOwnUnlessForced() throws Exception {
        String[] pg = Postgres.freshDatabase();
        try (Database target = Database.open(Settings.defaults(dir).withDatabase(pg[0], pg[1], pg[2]))) {
            new Projects(target.jdbi(), Clock.systemUTC()).create("elsewhere");
        }
        Migration refused = migrate(pg);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("projects the source does not: 'elsewhere' (id 1").contains("--force");
        assertThat(count(pg, "files")).as("nothing copied").isZero();

        Migration forced = migrate(pg, "--force");
        assertThat(forced.err()).contains("--force").contains("removing nothing");
        assertThat(count(pg, "files")).isEqualTo(count(sqlite(), "files"));
    }

    @Test
    void refusesATargetANodeHasRunOn() throws Exception {
        String[] pg = Postgres.freshDatabase();
        // Same projects, same keys: only the chores it scheduled tell that a node served there.
        try (TestServer other = TestServer.start(s -> s.withDatabase(pg[0], pg[1], pg[2]))) {
            assertThat(other.satchel().projects().all()).hasSize(2);
        }
        Migration refused = migrate(pg);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("a Satchel node has already run on the target");
    }

    @Test
    void refusesASourceOnAnOlderSchemaAndLeavesItAsItIs() throws Exception {
        Path old = TestServer.tempDir();
        try {
            String url = "jdbc:sqlite:" + old.resolve("satchel.db");
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target("3").load().migrate();
            Migration refused = Migration.run(Map.of("SATCHEL_DATA_DIR", old.toString()), "catalog", "--to", Postgres.freshDatabase()[0]);
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("schema version 3, older than this Satchel's 5").contains("start the old node once");
            assertThat(Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").load()
                    .info().current().getVersion().getVersion()).isEqualTo("3");
        } finally {
            TestServer.deleteTree(old);
        }
    }

    private static Migration migrate(String[] pg, String... more) {
        return migrate(dir, pg, more);
    }

    private static Migration migrate(Path data, String[] pg, String... more) {
        List<String> args = new ArrayList<>(List.of("catalog", "--to", pg[0], "--user", pg[1], "--password-env", PASSWORD_VAR));
        args.addAll(List.of(more));
        return Migration.run(Map.of("SATCHEL_DATA_DIR", data.toString(), PASSWORD_VAR, pg[2]), args.toArray(String[]::new));
    }

    private static String[] sqlite() {
        return new String[] {"jdbc:sqlite:" + dir.resolve("satchel.db"), null, null};
    }

    private static long count(String[] db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode withoutMetadata(JsonNode info) {
        ObjectNode copy = info.deepCopy();
        copy.remove("metadata"); // one key is removed on the way, on purpose
        return copy;
    }

    private static HttpResponse<String> putPart(TestServer server, int index) {
        URI u = URI.create(partUrls.get(index));
        return server.send(HttpRequest.newBuilder(server.uri(u.getRawPath() + "?" + u.getRawQuery()))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(big, index * PART, PART)).build());
    }

    /** REST API v0.7 with Simple auth (accepted from loopback). */
    private static HttpResponse<String> rest(TestServer server, String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/vnd.uploadcare-v0.7+json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Uploadcare.Simple " + PUB + ":" + SECRET).build());
    }
}
