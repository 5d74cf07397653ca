package io.satchel.cluster;

import static io.satchel.testing.Cluster.PUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.testing.ChildServer;
import io.satchel.testing.Cluster;
import io.satchel.testing.Images;
import io.satchel.testing.Multipart;
import io.satchel.testing.Origin;
import io.satchel.testing.Uploader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Satchel nodes as separate processes over one PostgreSQL and one S3 bucket: any request on any
 * node, races across nodes, a node killed or replaced, the database restarted under traffic. The last
 * tests kill and restart things, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest extends ClusterCalls {
    private static Origin origin;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(3, Map.of());
        origin = Origin.start();
    }

    @AfterAll
    static void stop() {
        if (origin != null) origin.close();
        if (cluster != null) {
            cluster.close();
            System.out.println("What the nodes logged as problems:\n" + cluster.problems());
        }
    }

    // --- plain uploads and reads across nodes

    @Test
    @Order(1)
    void uploadedOnOneNodeInfoOnAnotherBytesOnAThird() throws Exception {
        byte[] content = random(300_000, 1);
        String uuid = upload(0, "a.bin", content);
        JsonNode info = awaitReady(1, uuid);
        assertThat(info.get("size").asLong()).isEqualTo(content.length);
        HttpResponse<byte[]> bytes = get(2, "/" + uuid + "/");
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo(content);
        assertThat(bytes.headers().firstValue("ETag")).contains("\"" + sha256(content) + "\"");
        assertThat(Files.exists(cluster.dataDir(0).resolve("blobs/originals"))).as("no node keeps files").isFalse();
    }

    @Test
    @Order(1)
    void choresAreScheduledOncePerClusterNotOncePerNode() throws Exception {
        for (String chore : List.of("sweep-temporary-files", "sweep-unfinished-uploads", "sweep-url-tasks",
                "requeue-unprocessed-files")) {
            assertThat(count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ?", chore)).as(chore).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void multipartStartedOnOneNodePartsAnywhereCompletedOnAnother() throws Exception {
        int part = 5 * 1024 * 1024;
        byte[] file = random(2 * part + 4321, 2);
        JsonNode started = json(postForm(0, "/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB
                + "&filename=big.bin&size=" + file.length + "&content_type=application/octet-stream&UPLOADCARE_STORE=1"));
        String uuid = started.get("uuid").asText();
        List<String> urls = new ArrayList<>();
        started.get("parts").forEach(p -> urls.add(p.asText()));
        assertThat(urls).hasSize(3);
        // Part 1 to the URL as handed out (node 0), the others through nodes 1 and 2, at once.
        var one = CompletableFuture.supplyAsync(() -> put(URI.create(urls.get(0)), file, 0, part));
        var two = CompletableFuture.supplyAsync(() -> put(on(1, urls.get(1)), file, part, 2 * part));
        var three = CompletableFuture.supplyAsync(() -> put(on(2, urls.get(2)), file, 2 * part, file.length));
        assertThat(List.of(one.get(), two.get(), three.get())).containsOnly(200);
        HttpResponse<String> done = postForm(1, "/multipart/complete/", "UPLOADCARE_PUB_KEY=" + PUB + "&uuid=" + uuid);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        awaitReady(2, uuid);
        HttpResponse<byte[]> bytes = get(2, "/" + uuid + "/");
        assertThat(sha256(bytes.body())).isEqualTo(sha256(file));
        assertThat(bytes.headers().firstValue("ETag")).as("hashed by PROCESS from the bucket")
                .contains("\"" + sha256(file) + "\"");
    }

    @Test
    @Order(3)
    void tusCreatedOnOneNodePatchedThroughAnotherAskedOnAThirdFinishedOnTheFirst() throws Exception {
        byte[] content = random(9 * 1024 * 1024 + 77, 3); // more than one S3 part, and a tail
        String path = tusCreate(0, content.length);
        int first = 3 * 1024 * 1024;
        int second = 9 * 1024 * 1024;
        assertThat(tusPatch(1, path, 0, Arrays.copyOfRange(content, 0, first)).statusCode()).isEqualTo(204);
        assertThat(tusOffset(2, path)).isEqualTo(first);
        assertThat(tusPatch(2, path, first, Arrays.copyOfRange(content, first, second)).statusCode()).isEqualTo(204);
        assertThat(tusOffset(1, path)).isEqualTo(second);
        assertThat(tusPatch(0, path, second, Arrays.copyOfRange(content, second, content.length)).statusCode()).isEqualTo(204);
        String uuid = path.substring(path.lastIndexOf('/') + 1);
        awaitReady(1, uuid);
        assertThat(sha256(get(2, "/" + uuid + "/").body())).isEqualTo(sha256(content));
        try (var spool = Files.walk(cluster.bucketFolder())) {
            assertThat(spool.map(p -> cluster.bucketFolder().relativize(p).toString()))
                    .as("no tail object left").noneMatch(p -> p.startsWith("spool/" + uuid));
        }
    }

    @Test
    @Order(4)
    void twoPatchesRacingThroughTwoNodesOneWinsAndTheFileHoldsOnlyItsBytes() throws Exception {
        int length = 3 * 1024 * 1024;
        byte[] winner = random(length, 41);
        byte[] loser = random(length, 42);
        String path = tusCreate(0, length);
        String uuid = path.substring(path.lastIndexOf('/') + 1);
        int port = URI.create(base(1)).getPort();
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(30_000);
            OutputStream out = slow.getOutputStream();
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTus-Resumable: 1.0.0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(winner, 0, 1024 * 1024);
            out.flush();
            // The first PATCH is inside: it holds the upload's lease (a row every node sees).
            await().atMost(Duration.ofSeconds(20)).until(() -> leases(uuid) > 0);
            HttpResponse<String> raced = tusPatch(2, path, 0, loser);
            assertThat(raced.statusCode()).as(raced.body()).isEqualTo(409);
            out.write(winner, 1024 * 1024, length - 1024 * 1024);
            out.flush();
            assertThat(status(slow.getInputStream())).isEqualTo(204);
        }
        awaitReady(0, uuid);
        assertThat(get(0, "/" + uuid + "/").body()).isEqualTo(winner);
    }

    @Test
    @Order(5)
    void theSameColdTransformOnThreeNodesAtOnceIsOneStoredResult() throws Exception {
        String uuid = upload(0, "photo.jpg", Images.jpeg(1200, 900));
        awaitReady(0, uuid);
        String variant = "/" + uuid + "/-/preview/300x300/-/format/png/";
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            int node = n;
            all.add(CompletableFuture.supplyAsync(() -> get(node, variant)));
        }
        List<byte[]> bodies = new ArrayList<>();
        for (var f : all) {
            assertThat(f.get().statusCode()).isEqualTo(200);
            bodies.add(f.get().body());
        }
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
        assertThat(bodies.get(2)).isEqualTo(bodies.get(0));
        // Shared in the background, after the answers.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var results = Files.list(cluster.bucketFolder().resolve("results/" + uuid))) {
                assertThat(results).as("one result in the bucket").hasSize(1);
            }
        });
    }

    @Test
    @Order(6)
    void fromUrlCreatedOnOneNodeIsPolledOnAnother() throws Exception {
        byte[] content = random(200_000, 6);
        origin.serve("/remote.bin", Origin.bytes(content));
        JsonNode task = json(postForm(0, "/from_url/", "pub_key=" + PUB + "&source_url="
                + java.net.URLEncoder.encode(origin.url("/remote.bin"), StandardCharsets.UTF_8) + "&store=1"));
        String token = task.get("token").asText();
        JsonNode[] status = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            status[0] = json(getText(1, "/from_url/status/?token=" + token));
            return status[0].get("status").asText().equals("success");
        });
        String uuid = status[0].get("uuid").asText();
        assertThat(get(2, "/" + uuid + "/").body()).isEqualTo(content);
    }

    @Test
    @Order(7)
    void aDeleteOnOneNodePurgesEveryNodeAndTheBucket() throws Exception {
        String uuid = upload(1, "gone.jpg", Images.jpeg(640, 480));
        awaitReady(1, uuid);
        String variant = "/" + uuid + "/-/preview/100x100/";
        for (int n = 0; n < 3; n++) assertThat(get(n, variant).statusCode()).isEqualTo(200);
        for (int n = 0; n < 3; n++) assertThat(cluster.dataDir(n).resolve("cache/results/" + uuid)).isDirectory();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(cluster.bucketFolder().resolve("results/" + uuid)));

        HttpResponse<String> removed = delete(1, "/files/" + uuid + "/storage/");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);

        // Other nodes hear it by NOTIFY: their disk caches go too (the CDN's record time alone would not do that).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int n = 0; n < 3; n++) assertThat(cluster.dataDir(n).resolve("cache/results/" + uuid)).doesNotExist();
        });
        for (int n = 0; n < 3; n++) {
            assertThat(get(n, variant).statusCode()).isEqualTo(404);
            assertThat(get(n, "/" + uuid + "/").statusCode()).isEqualTo(404);
        }
        // A node that was still sharing its copy of the variant takes it out again once it sees the file is gone.
        await().atMost(Duration.ofSeconds(10)).until(() -> filesUnder(cluster.bucketFolder().resolve("results/" + uuid)) == 0);
        assertThat(cluster.bucketFolder().resolve("originals/" + uuid.substring(0, 2) + "/" + uuid)).doesNotExist();
    }

    @Test
    @Order(8)
    void uploadsOfANodeKilledRightAfterThemStillBecomeReady() throws Exception {
        // The other nodes are frozen meanwhile, so the killed node is the one that took the PROCESS jobs
        // it could: those it was running when it died must be run again elsewhere.
        List<String> uuids = new ArrayList<>();
        int picked;
        cluster.node(0).signal("STOP");
        cluster.node(1).signal("STOP");
        try {
            List<CompletableFuture<String>> uploads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] image = Images.jpeg(1600 + i, 1200);
                String name = "k" + i + ".jpg";
                uploads.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return upload(2, name, image);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (var u : uploads) uuids.add(u.get());
            cluster.kill(2);
            picked = count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'process-file' AND picked");
        } finally {
            cluster.node(0).signal("CONT");
            cluster.node(1).signal("CONT");
        }
        System.out.println("killed with " + picked + " PROCESS jobs running");
        for (String uuid : uuids) {
            JsonNode info = awaitReady(0, uuid, Duration.ofSeconds(60));
            assertThat(info.get("is_image").asBoolean()).isTrue();
        }
    }

    @Test
    @Order(9)
    void aNodeRestartedWithAnEmptyDataFolderServesEverything() throws Exception {
        byte[] content = random(100_000, 9);
        String plain = upload(0, "kept.bin", content);
        String image = upload(1, "kept.jpg", Images.jpeg(500, 400));
        awaitReady(0, image);
        byte[] variant = get(0, "/" + image + "/-/preview/120x120/").body();
        await().atMost(Duration.ofSeconds(10)).until(() -> filesUnder(cluster.bucketFolder().resolve("results/" + image)) > 0);
        ChildServer fresh = cluster.restart(2, true);
        assertThat(Files.exists(cluster.dataDir(2).resolve("cache/results/" + image))).isFalse();
        assertThat(get(2, "/" + plain + "/").body()).isEqualTo(content);
        HttpResponse<byte[]> again = get(2, "/" + image + "/-/preview/120x120/");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Satchel-Cache")).as("from the bucket, not computed again").contains("shared");
        assertThat(again.body()).isEqualTo(variant);
        assertThat(fresh.process().isAlive()).isTrue();
    }

    @Test
    @Order(10)
    void postgresRestartedUnderTrafficLosesNoAcknowledgedUpload() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int node = w;
            workers.add(Thread.ofVirtual().start(() -> {
                // Bounded: at most 200 uploads a worker, and it stops when told.
                for (int i = 0; i < 200 && !stop.get(); i++) {
                    byte[] content = random(20_000 + i, node * 1000L + i);
                    try {
                        HttpResponse<String> r = post(node, "/base/", new Multipart().field("UPLOADCARE_PUB_KEY", PUB)
                                .field("UPLOADCARE_STORE", "1").file("file", "t.bin", "application/octet-stream", content));
                        if (r.statusCode() == 200) acknowledged.put(Uploader.json(r.body()).get("file").asText(), sha256(content));
                        else assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                    } catch (IOException e) {
                        // the node dropped the connection: not acknowledged
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 10);
        cluster.restartPostgres();
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 10);
        stop.set(true);
        for (Thread t : workers) t.join(Duration.ofSeconds(30));

        for (int n = 0; n < 3; n++) {
            int node = n;
            await().atMost(Duration.ofSeconds(30)).until(() -> getText(node, "/health/ready").contains("\"status\":\"UP\""));
        }
        for (var e : acknowledged.entrySet()) {
            awaitReady(0, e.getKey(), Duration.ofSeconds(60));
            assertThat(sha256(get(1, "/" + e.getKey() + "/").body())).as(e.getKey()).isEqualTo(e.getValue());
        }
        // The nodes listen again: a removal still reaches every node's cache.
        String uuid = upload(0, "after.jpg", Images.jpeg(300, 200));
        awaitReady(0, uuid);
        assertThat(get(2, "/" + uuid + "/-/preview/50x50/").statusCode()).isEqualTo(200);
        assertThat(delete(0, "/files/" + uuid + "/storage/").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !Files.exists(cluster.dataDir(2).resolve("cache/results/" + uuid)));
    }
}
