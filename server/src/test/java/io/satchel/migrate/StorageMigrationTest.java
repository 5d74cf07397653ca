package io.satchel.migrate;

import static io.satchel.testing.TestServer.PUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.storage.StorageSettings;
import io.satchel.testing.Images;
import io.satchel.testing.S3Server;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code migrate storage}: blobs written by a node on local disk go to a bucket of a real S3 server,
 * verified; a node on that bucket serves them; a resumed run moves nothing; a corrupted object is found.
 */
class StorageMigrationTest {
    private static Path dir;
    private static final Map<String, byte[]> originals = new LinkedHashMap<>();

    @BeforeAll
    static void writeBlobs() {
        dir = TestServer.tempDir();
        try (TestServer node = TestServer.startIn(dir, s -> s.withStorage(StorageSettings.FILE))) {
            Uploader uploader = new Uploader(node);
            byte[] large = new byte[3 * 1024 * 1024 + 17]; // past one PUT: a multipart upload to the bucket
            new Random(3).nextBytes(large);
            byte[] image = Images.jpeg(64, 48);
            for (byte[] body : List.of("a small text".getBytes(StandardCharsets.UTF_8), large, image, new byte[0])) {
                originals.put(uploader.upload(PUB, "f.bin", body, "1"), body);
            }
            String photo = originals.keySet().toArray(String[]::new)[2];
            uploader.awaitReady(PUB, photo);
            var variant = node.sendForBytes(HttpRequest.newBuilder(node.uri("/" + photo + "/-/preview/32x32/")).build());
            assertThat(variant.statusCode()).isEqualTo(200);
            // An upload left half done: its part sits in the spool, which does not move.
            HttpResponse<String> started = node.postForm("/multipart/start/", "UPLOADCARE_PUB_KEY=" + PUB
                    + "&filename=big.bin&size=" + 10 * 1024 * 1024 + "&content_type=application/octet-stream");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        }
        assertThat(localBlobs()).anyMatch(k -> k.startsWith("results/")).anyMatch(k -> k.startsWith("originals/"));
    }

    @AfterAll
    static void removeBlobs() {
        TestServer.deleteTree(dir);
    }

    @Test
    void copiesEveryBlobVerifiedAndANodeOnTheBucketServesThem() throws IOException {
        StorageSettings bucket = S3Server.freshBucket();
        Path objects = S3Server.bucketFolder(bucket);
        Migration first = migrate(bucket);
        assertThat(first.code()).as(first.err()).isZero();
        List<String> blobs = localBlobs();
        assertThat(first.out()).containsPattern("copied\\s+" + blobs.size() + " files").containsPattern("failed\\s+0 files");
        assertThat(filesUnder(objects)).containsAll(blobs).noneMatch(k -> k.startsWith(".spool") || k.startsWith(".tmp"));

        try (TestServer cluster = TestServer.startIn(dir, s -> s.withStorage(bucket))) {
            for (var e : originals.entrySet()) {
                HttpResponse<byte[]> cdn = cluster.sendForBytes(HttpRequest.newBuilder(cluster.uri("/" + e.getKey() + "/")).build());
                assertThat(cdn.statusCode()).isEqualTo(200);
                assertThat(cdn.body()).as(e.getKey()).isEqualTo(e.getValue());
            }
        }

        Migration resumed = migrate(bucket);
        assertThat(resumed.code()).isZero();
        assertThat(resumed.out()).containsPattern("copied\\s+0 files").containsPattern("in bucket\\s+" + blobs.size() + " files");

        String victim = blobs.stream().filter(k -> k.startsWith("originals/")).filter(k -> {
            try {
                return Files.size(dir.resolve("blobs").resolve(k)) > 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(objects.resolve(victim));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(objects.resolve(victim), bytes);

        Migration check = migrate(bucket, "--verify-all");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).contains(victim + ": differs in the bucket").containsPattern("failed\\s+1 files");
        Migration repair = migrate(bucket);
        assertThat(repair.code()).as(repair.out()).isZero();
        assertThat(repair.out()).containsPattern("copied\\s+1 files");
        Migration again = migrate(bucket, "--verify-all");
        assertThat(again.code()).isZero();
        assertThat(again.out()).containsPattern("copied\\s+0 files").containsPattern("in bucket\\s+" + blobs.size() + " files");
    }

    @Test
    void originalsOnlyLeavesTransformResultsAndStrayFilesBehind() throws IOException {
        StorageSettings bucket = S3Server.freshBucket();
        Path stray = dir.resolve("blobs").resolve("notes from the admin.txt");
        Files.writeString(stray, "not a blob");
        try {
            Migration run = migrate(bucket, "--originals-only");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).containsPattern("ignored\\s+1 files .*notes from the admin.txt");
        } finally {
            Files.delete(stray);
        }
        List<String> there = filesUnder(S3Server.bucketFolder(bucket));
        assertThat(there).containsAll(localBlobs().stream().filter(k -> k.startsWith("originals/")).toList())
                .noneMatch(k -> k.startsWith("results/")).noneMatch(k -> k.startsWith("notes"));
    }

    private static Migration migrate(StorageSettings bucket, String... more) {
        Map<String, String> env = new HashMap<>(S3Server.environment(bucket));
        env.remove("SATCHEL_STORAGE"); // read as if it said s3: the node being moved runs on local disk
        env.put("SATCHEL_DATA_DIR", dir.toString());
        List<String> args = new java.util.ArrayList<>(List.of("storage", "--to", "s3"));
        args.addAll(List.of(more));
        return Migration.run(env, args.toArray(String[]::new));
    }

    /** The keys of the local store's finished blobs. */
    private static List<String> localBlobs() {
        return filesUnder(dir.resolve("blobs")).stream().filter(k -> !k.startsWith(".tmp/") && !k.startsWith(".spool/")).toList();
    }

    private static List<String> filesUnder(Path root) {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
