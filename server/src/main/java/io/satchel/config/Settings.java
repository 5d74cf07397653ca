package io.satchel.config;

import io.satchel.http.HttpServer;
import io.satchel.storage.StorageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting Satchel reads, typed, with the defaults of spec/satchel.md. Tests build it with
 * {@link #defaults(Path)} and the {@code with…} methods; only {@link SettingsLoader} reads the environment.
 */
public record Settings(
        String host,
        int port,
        URI publicUrl,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        long cacheMaxBytes,
        long maxUploadBytes,
        long maxDirectUploadBytes,
        long maxInputPixels,
        Fetch fetch,
        Duration temporaryFileTtl,
        Duration sweepInterval,
        String adminToken,
        SimpleAuthOverHttp simpleAuthOverHttp,
        int jobThreads,
        Duration jobPollInterval,
        Duration shutdownGrace,
        List<BootstrapProject> bootstrapProjects,
        Path libvipsPath,
        Duration processingTimeLimit,
        Duration unfinishedUploadTtl,
        boolean warmup,
        StorageSettings storage,
        Duration jobHeartbeat,
        HttpServer.Limits http) {

    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024L * MIB;

    /** Where REST {@code Uploadcare.Simple} (the secret in clear) is accepted over plain HTTP. */
    public enum SimpleAuthOverHttp { NEVER, LOOPBACK, ALWAYS }

    /**
     * The SSRF-guarded fetcher (from-URL uploads): whether private networks are reachable (tests only),
     * the time one fetch may take from first connect to last byte, and how many redirects it follows.
     */
    public record Fetch(boolean allowPrivateNetworks, Duration timeLimit, int maxRedirects) {
        public static final Fetch DEFAULTS = new Fetch(false, Duration.ofMinutes(10), 5);
    }

    /** A project that {@code SATCHEL_BOOTSTRAP_PROJECT} makes sure exists, with exactly these keys. */
    public record BootstrapProject(String name, String publicKey, String secretKey) {}

    public static Settings defaults(Path dataDir) {
        return new Settings("127.0.0.1", 8080, null, dataDir, null, null, null,
                2 * GIB, 5 * GIB, 100 * MIB, 75_000_000L, Fetch.DEFAULTS,
                Duration.ofHours(24), Duration.ofMinutes(5), null, SimpleAuthOverHttp.LOOPBACK,
                2, Duration.ofSeconds(1), Duration.ofSeconds(10), List.of(), null, Duration.ofSeconds(30),
                Duration.ofHours(24), true, StorageSettings.FILE, Duration.ofSeconds(5), HttpServer.Limits.DEFAULTS);
    }

    /** The JDBC URL in force: the configured one, or SQLite in the data folder. */
    public String effectiveDatabaseUrl() {
        return databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + dataDir.resolve("satchel.db");
    }

    /** The base of every URL Satchel hands out; without a setting, localhost on the port actually bound. */
    public URI effectivePublicUrl(int boundPort) {
        return publicUrl != null ? publicUrl : URI.create("http://localhost:" + boundPort);
    }

    public Settings withPort(int port) {
        return copy(d -> d.port = port);
    }

    public Settings withMaxDirectUploadBytes(long bytes) {
        return copy(d -> d.maxDirectUploadBytes = bytes);
    }

    public Settings withBootstrapProjects(List<BootstrapProject> projects) {
        return copy(d -> d.bootstrapProjects = List.copyOf(projects));
    }

    public Settings withTemporaryFiles(Duration ttl, Duration sweepEvery) {
        return copy(d -> {
            d.temporaryFileTtl = ttl;
            d.sweepInterval = sweepEvery;
        });
    }

    public Settings withJobThreads(int threads) {
        return copy(d -> d.jobThreads = threads);
    }

    public Settings withJobTiming(Duration pollInterval, Duration shutdownGrace) {
        return copy(d -> {
            d.jobPollInterval = pollInterval;
            d.shutdownGrace = shutdownGrace;
        });
    }

    public Settings withAdminToken(String token) {
        return copy(d -> d.adminToken = token);
    }

    public Settings withSimpleAuthOverHttp(SimpleAuthOverHttp mode) {
        return copy(d -> d.simpleAuthOverHttp = mode);
    }

    public Settings withDatabase(String url, String user, String password) {
        return copy(d -> {
            d.databaseUrl = url;
            d.databaseUser = user;
            d.databasePassword = password;
        });
    }

    public Settings withMaxInputPixels(long pixels) {
        return copy(d -> d.maxInputPixels = pixels);
    }

    public Settings withCacheMaxBytes(long bytes) {
        return copy(d -> d.cacheMaxBytes = bytes);
    }

    public Settings withUnfinishedUploadTtl(Duration ttl) {
        return copy(d -> d.unfinishedUploadTtl = ttl);
    }

    public Settings withWarmup(boolean warm) {
        return copy(d -> d.warmup = warm);
    }

    public Settings withFetch(Fetch fetch) {
        return copy(d -> d.fetch = fetch);
    }

    public Settings withStorage(StorageSettings storage) {
        return copy(d -> d.storage = storage);
    }

    public Settings withJobHeartbeat(Duration heartbeat) {
        return copy(d -> d.jobHeartbeat = heartbeat);
    }

    public Settings withHttp(HttpServer.Limits limits) {
        return copy(d -> d.http = limits);
    }

    /** A copy with some values changed: the one place that lists every component. */
    private Settings copy(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new Settings(d.host, d.port, d.publicUrl, d.dataDir, d.databaseUrl, d.databaseUser, d.databasePassword,
                d.cacheMaxBytes, d.maxUploadBytes, d.maxDirectUploadBytes, d.maxInputPixels, d.fetch,
                d.temporaryFileTtl, d.sweepInterval, d.adminToken, d.simpleAuthOverHttp, d.jobThreads, d.jobPollInterval,
                d.shutdownGrace, d.bootstrapProjects, d.libvipsPath, d.processingTimeLimit, d.unfinishedUploadTtl, d.warmup,
                d.storage, d.jobHeartbeat, d.http);
    }

    private static final class Draft {
        String host;
        int port;
        URI publicUrl;
        Path dataDir;
        String databaseUrl;
        String databaseUser;
        String databasePassword;
        long cacheMaxBytes;
        long maxUploadBytes;
        long maxDirectUploadBytes;
        long maxInputPixels;
        Fetch fetch;
        Duration temporaryFileTtl;
        Duration sweepInterval;
        String adminToken;
        SimpleAuthOverHttp simpleAuthOverHttp;
        int jobThreads;
        Duration jobPollInterval;
        Duration shutdownGrace;
        List<BootstrapProject> bootstrapProjects;
        Path libvipsPath;
        Duration processingTimeLimit;
        Duration unfinishedUploadTtl;
        boolean warmup;
        StorageSettings storage;
        Duration jobHeartbeat;
        HttpServer.Limits http;

        Draft(Settings s) {
            host = s.host;
            port = s.port;
            publicUrl = s.publicUrl;
            dataDir = s.dataDir;
            databaseUrl = s.databaseUrl;
            databaseUser = s.databaseUser;
            databasePassword = s.databasePassword;
            cacheMaxBytes = s.cacheMaxBytes;
            maxUploadBytes = s.maxUploadBytes;
            maxDirectUploadBytes = s.maxDirectUploadBytes;
            maxInputPixels = s.maxInputPixels;
            fetch = s.fetch;
            temporaryFileTtl = s.temporaryFileTtl;
            sweepInterval = s.sweepInterval;
            adminToken = s.adminToken;
            simpleAuthOverHttp = s.simpleAuthOverHttp;
            jobThreads = s.jobThreads;
            jobPollInterval = s.jobPollInterval;
            shutdownGrace = s.shutdownGrace;
            bootstrapProjects = s.bootstrapProjects;
            libvipsPath = s.libvipsPath;
            processingTimeLimit = s.processingTimeLimit;
            unfinishedUploadTtl = s.unfinishedUploadTtl;
            warmup = s.warmup;
            storage = s.storage;
            jobHeartbeat = s.jobHeartbeat;
            http = s.http;
        }
    }

    /** Fails with a message naming the bad setting; called before anything listens. */
    public Settings validate() {
        require(port >= 0 && port <= 65535, "SATCHEL_PORT", "must be 0..65535, got " + port);
        require(host != null && !host.isBlank(), "SATCHEL_HOST", "must not be empty");
        require(dataDir != null, "SATCHEL_DATA_DIR", "must be set");
        if (publicUrl != null) {
            require(("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme()))
                    && publicUrl.getHost() != null, "SATCHEL_PUBLIC_URL", "must be an absolute http(s) URL, got " + publicUrl);
        }
        if (databaseUrl != null) {
            require(databaseUrl.startsWith("jdbc:sqlite:") || databaseUrl.startsWith("jdbc:postgresql:"),
                    "SATCHEL_DATABASE_URL", "must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        require(cacheMaxBytes >= 0, "SATCHEL_CACHE_MAX_BYTES", "must not be negative");
        require(maxUploadBytes > 0, "SATCHEL_MAX_UPLOAD_BYTES", "must be positive");
        require(maxDirectUploadBytes > 0, "SATCHEL_MAX_DIRECT_UPLOAD_BYTES", "must be positive");
        require(maxInputPixels > 0, "SATCHEL_MAX_INPUT_PIXELS", "must be positive");
        require(!fetch.timeLimit().isNegative() && !fetch.timeLimit().isZero(), "SATCHEL_FETCH_TIME_LIMIT", "must be positive");
        require(fetch.maxRedirects() >= 0 && fetch.maxRedirects() <= 50, "SATCHEL_FETCH_MAX_REDIRECTS", "must be 0..50");
        require(!temporaryFileTtl.isNegative() && !temporaryFileTtl.isZero(), "SATCHEL_TEMPORARY_FILE_TTL", "must be positive");
        require(!sweepInterval.isNegative() && !sweepInterval.isZero(), "SATCHEL_SWEEP_INTERVAL", "must be positive");
        require(jobThreads >= 0 && jobThreads <= 64, "SATCHEL_JOB_THREADS", "must be 0..64");
        require(!jobPollInterval.isNegative() && !jobPollInterval.isZero(), "SATCHEL_JOB_POLL_INTERVAL", "must be positive");
        require(!shutdownGrace.isNegative(), "SATCHEL_SHUTDOWN_GRACE", "must not be negative");
        require(adminToken == null || adminToken.length() >= 16, "SATCHEL_ADMIN_TOKEN", "must be at least 16 characters");
        require(!processingTimeLimit.isNegative() && !processingTimeLimit.isZero(), "SATCHEL_PROCESSING_TIME_LIMIT", "must be positive");
        require(!unfinishedUploadTtl.isNegative() && !unfinishedUploadTtl.isZero(), "SATCHEL_UNFINISHED_UPLOAD_TTL",
                "must be positive");
        require(!jobHeartbeat.isNegative() && !jobHeartbeat.isZero(), "SATCHEL_JOB_HEARTBEAT", "must be positive");
        storage.validate();
        require(http.maxConnections() > 0, "SATCHEL_HTTP_MAX_CONNECTIONS", "must be positive");
        require(http.idleTimeout().toMillis() >= 1000, "SATCHEL_HTTP_IDLE_TIMEOUT", "must be at least 1s");
        require(http.headTimeout().toMillis() >= 1000, "SATCHEL_HTTP_HEAD_TIMEOUT", "must be at least 1s");
        require(http.bodyStall().toMillis() >= 1000, "SATCHEL_HTTP_BODY_TIMEOUT", "must be at least 1s");
        require(http.minBodyRate() >= 0, "SATCHEL_HTTP_MIN_BODY_RATE", "must not be negative");
        require(libvipsPath == null || java.nio.file.Files.isRegularFile(libvipsPath), "SATCHEL_LIBVIPS_PATH",
                "must name an existing libvips shared object, got " + libvipsPath);
        return this;
    }

    private static void require(boolean ok, String name, String problem) {
        if (!ok) throw new InvalidSettingException(name, problem);
    }
}
