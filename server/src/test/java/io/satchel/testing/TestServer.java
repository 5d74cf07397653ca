package io.satchel.testing;

import io.satchel.Satchel;
import io.satchel.config.Settings;
import io.satchel.config.Settings.BootstrapProject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Satchel on 127.0.0.1 with a fresh data folder (real SQLite file, real disk), and two projects
 * with known keys. One per test class: start in {@code @BeforeAll}, close in {@code @AfterAll}.
 */
public final class TestServer implements AutoCloseable {
    public static final String PUB = "pub_alpha_0001";
    public static final String SECRET = "secret_alpha_0001";
    public static final String PUB2 = "pub_bravo_0002";
    public static final String SECRET2 = "secret_bravo_0002";

    private final Path dataDir;
    private final boolean ownsDir;
    private final Satchel satchel;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private TestServer(Path dataDir, boolean ownsDir, Satchel satchel) {
        this.dataDir = dataDir;
        this.ownsDir = ownsDir;
        this.satchel = satchel;
    }

    public static TestServer start() {
        return start(UnaryOperator.identity());
    }

    public static TestServer start(UnaryOperator<Settings> customize) {
        Path dir = tempDir();
        return new TestServer(dir, true, Satchel.start(customize.apply(settings(dir))));
    }

    /** A server on a data folder the caller owns (kept on close), e.g. to restart on the same catalog. */
    public static TestServer startIn(Path dir, UnaryOperator<Settings> customize) {
        return new TestServer(dir, false, Satchel.start(customize.apply(settings(dir))));
    }

    /**
     * Defaults for a test: ephemeral port, fast job polling, the two known projects. With the system
     * property {@code satchel.test.storage=s3} (a second run of the suite, see server/pom.xml), files
     * live in a fresh bucket of the test S3 server instead of the data folder.
     */
    public static Settings settings(Path dataDir) {
        Settings s = Settings.defaults(dataDir);
        if (onObjectStore()) s = s.withStorage(S3Server.bucketOf(dataDir));
        return s.withPort(0)
                .withBootstrapProjects(List.of(new BootstrapProject("alpha", PUB, SECRET),
                        new BootstrapProject("bravo", PUB2, SECRET2)))
                .withJobTiming(Duration.ofMillis(100), Duration.ofMillis(300))
                .withWarmup(false); // ~1.5 s of CPU per start; SatchelStartTest runs it once
    }

    /** The folder that holds what the store holds: the data folder's blobs, or the bucket's files on the test S3 server. */
    public Path storeFolder() {
        var storage = satchel.settings().storage();
        return storage.isS3() ? S3Server.bucketFolder(storage) : dataDir.resolve("blobs");
    }

    /** Every file in {@link #storeFolder()}, relative to it, sorted (to see that nothing was left behind). */
    public List<String> storedFiles() {
        Path root = storeFolder();
        if (!Files.isDirectory(root)) return List.of();
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether anything of an unfinished upload's bytes is left in the store. */
    public boolean holdsPiecesOf(String uploadUuid) {
        return storedFiles().stream().anyMatch(f -> f.equals(".spool/" + uploadUuid) || f.startsWith("spool/" + uploadUuid + "/"));
    }

    /** Whether this run of the suite keeps files on the test S3 server. */
    public static boolean onObjectStore() {
        return "s3".equals(System.getProperty("satchel.test.storage"));
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("satchel-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Satchel satchel() {
        return satchel;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String base() {
        return "http://127.0.0.1:" + satchel.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create(base() + pathAndQuery);
    }

    public HttpClient client() {
        return client;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    public HttpResponse<String> post(String pathAndQuery, Multipart body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    public HttpResponse<String> postForm(String pathAndQuery, String urlEncoded) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncoded)).build());
    }

    @Override
    public void close() {
        satchel.close();
        if (ownsDir) deleteTree(dataDir);
    }

    public static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
