package io.satchel.testing;

import io.satchel.storage.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 protocol server for tests: s3proxy (its jar copied by the build, see server/pom.xml) as a
 * child JVM with the filesystem backend in a temporary folder, on 127.0.0.1. One per test JVM, started
 * on first use and stopped when the JVM exits; each caller gets a fresh bucket.
 */
public final class S3Server {
    public static final String ACCESS_KEY = "satchel-test-access";
    public static final String SECRET_KEY = "satchel-test-secret-key";

    private static S3Server shared;

    private final Process process;
    private final Path root;
    private final URI endpoint;

    private S3Server(Process process, Path root, URI endpoint) {
        this.process = process;
        this.root = root;
        this.endpoint = endpoint;
    }

    /** Storage settings for a new empty bucket on the shared server (parts proxied through Satchel). */
    public static synchronized StorageSettings freshBucket() {
        return freshBucket(StorageSettings.PartUrls.SATCHEL);
    }

    public static synchronized StorageSettings freshBucket(StorageSettings.PartUrls partUrls) {
        return bucket("satchel-" + UUID.randomUUID().toString().substring(0, 8), partUrls);
    }

    /** The bucket of a data folder: the same one each time, so a server restarted on the folder finds its files. */
    public static synchronized StorageSettings bucketOf(Path dataDir) {
        String name = "satchel-" + Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
        return bucket(name, StorageSettings.PartUrls.SATCHEL);
    }

    private static StorageSettings bucket(String bucket, StorageSettings.PartUrls partUrls) {
        S3Server s = shared();
        try {
            // The filesystem backend keeps a bucket as a folder.
            Files.createDirectories(s.root.resolve("blobs").resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StorageSettings.s3(new StorageSettings.S3(s.endpoint, "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true,
                partUrls, null));
    }

    /** The environment a child Satchel needs to use the bucket of {@code storage}. */
    public static java.util.Map<String, String> environment(StorageSettings storage) {
        StorageSettings.S3 s3 = storage.s3();
        return java.util.Map.of("SATCHEL_STORAGE", "s3", "SATCHEL_S3_ENDPOINT", s3.endpoint().toString(),
                "SATCHEL_S3_BUCKET", s3.bucket(), "SATCHEL_S3_ACCESS_KEY", s3.accessKey(),
                "SATCHEL_S3_SECRET_KEY", s3.secretKey(), "SATCHEL_S3_PART_URLS", s3.partUrls().name().toLowerCase());
    }

    /** The folder that holds the bucket's objects as files (to look behind the protocol in tests). */
    public static Path bucketFolder(StorageSettings storage) {
        return shared().root.resolve("blobs").resolve(storage.s3().bucket());
    }

    private static S3Server shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static S3Server start() {
        String jar = System.getProperty("satchel.test.s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy jar not found at " + jar + " (the build copies it: mvn test-compile)");
        }
        try {
            Path root = Files.createTempDirectory("satchel-s3-");
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path conf = root.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n", List.of(
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "s3proxy.cors-allow-all=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + root.resolve("blobs"))) + "\n");
            Files.createDirectories(root.resolve("blobs"));
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                    "-jar", jar, "--properties", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("s3proxy.log").toFile())
                    .start();
            S3Server server = new S3Server(p, root, endpoint);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("s3proxy exited: " + log());
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(endpoint).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() > 0) return; // 403 for an unsigned request: it answers
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("s3proxy did not answer within 60 s: " + log());
    }

    private String log() {
        try {
            return Files.readString(root.resolve("s3proxy.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        TestServer.deleteTree(root);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
