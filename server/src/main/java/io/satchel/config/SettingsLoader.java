package io.satchel.config;

import io.satchel.config.Settings.BootstrapProject;
import io.satchel.config.Settings.SimpleAuthOverHttp;
import io.satchel.http.HttpServer;
import io.satchel.storage.StorageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds {@link Settings} from environment variables ({@code SATCHEL_PORT}) or system properties of the
 * same name in lower case with dots ({@code satchel.port}); a system property wins. Remembers where
 * each value came from so the server can print it at start.
 */
public final class SettingsLoader {
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\\s*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(?i)\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*");

    private final Map<String, String> env;
    private final Map<String, String> props;
    private final Map<String, String> chosen = new LinkedHashMap<>();

    public SettingsLoader(Map<String, String> env, Map<String, String> props) {
        this.env = env;
        this.props = props;
    }

    public static SettingsLoader fromSystem() {
        Map<String, String> props = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return new SettingsLoader(System.getenv(), props);
    }

    public Settings load() {
        Settings d = Settings.defaults(Path.of("satchel-data"));
        Settings s = new Settings(
                get("SATCHEL_HOST", d.host(), Function.identity()),
                get("SATCHEL_PORT", d.port(), Integer::parseInt),
                get("SATCHEL_PUBLIC_URL", null, v -> URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v)),
                get("SATCHEL_DATA_DIR", Path.of("./satchel-data"), Path::of),
                get("SATCHEL_DATABASE_URL", null, Function.identity()),
                get("SATCHEL_DATABASE_USER", null, Function.identity()),
                secret("SATCHEL_DATABASE_PASSWORD"),
                get("SATCHEL_CACHE_MAX_BYTES", d.cacheMaxBytes(), SettingsLoader::bytes),
                get("SATCHEL_MAX_UPLOAD_BYTES", d.maxUploadBytes(), SettingsLoader::bytes),
                get("SATCHEL_MAX_DIRECT_UPLOAD_BYTES", d.maxDirectUploadBytes(), SettingsLoader::bytes),
                get("SATCHEL_MAX_INPUT_PIXELS", d.maxInputPixels(), Long::parseLong),
                new Settings.Fetch(
                        get("SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS", d.fetch().allowPrivateNetworks(), SettingsLoader::bool),
                        get("SATCHEL_FETCH_TIME_LIMIT", d.fetch().timeLimit(), SettingsLoader::duration),
                        get("SATCHEL_FETCH_MAX_REDIRECTS", d.fetch().maxRedirects(), Integer::parseInt)),
                get("SATCHEL_TEMPORARY_FILE_TTL", d.temporaryFileTtl(), SettingsLoader::duration),
                get("SATCHEL_SWEEP_INTERVAL", d.sweepInterval(), SettingsLoader::duration),
                secret("SATCHEL_ADMIN_TOKEN"),
                get("SATCHEL_SIMPLE_AUTH_OVER_HTTP", d.simpleAuthOverHttp(),
                        v -> SimpleAuthOverHttp.valueOf(v.trim().toUpperCase(Locale.ROOT))),
                get("SATCHEL_JOB_THREADS", d.jobThreads(), Integer::parseInt),
                get("SATCHEL_JOB_POLL_INTERVAL", d.jobPollInterval(), SettingsLoader::duration),
                get("SATCHEL_SHUTDOWN_GRACE", d.shutdownGrace(), SettingsLoader::duration),
                get("SATCHEL_BOOTSTRAP_PROJECT", List.of(), SettingsLoader::bootstrapProjects),
                get("SATCHEL_LIBVIPS_PATH", null, Path::of),
                get("SATCHEL_PROCESSING_TIME_LIMIT", d.processingTimeLimit(), SettingsLoader::duration),
                get("SATCHEL_UNFINISHED_UPLOAD_TTL", d.unfinishedUploadTtl(), SettingsLoader::duration),
                get("SATCHEL_WARMUP", d.warmup(), SettingsLoader::bool),
                storage(),
                get("SATCHEL_JOB_HEARTBEAT", d.jobHeartbeat(), SettingsLoader::duration),
                http(d.http()));
        return s.validate();
    }

    private HttpServer.Limits http(HttpServer.Limits d) {
        return new HttpServer.Limits(
                get("SATCHEL_HTTP_MAX_CONNECTIONS", d.maxConnections(), Integer::parseInt),
                get("SATCHEL_HTTP_IDLE_TIMEOUT", d.idleTimeout(), SettingsLoader::duration),
                get("SATCHEL_HTTP_HEAD_TIMEOUT", d.headTimeout(), SettingsLoader::duration),
                get("SATCHEL_HTTP_BODY_TIMEOUT", d.bodyStall(), SettingsLoader::duration),
                get("SATCHEL_HTTP_MIN_BODY_RATE", d.minBodyRate(), SettingsLoader::bytes),
                d.rateWindow(), d.maxRequestLine(), d.maxHeaderBytes());
    }

    private StorageSettings storage() {
        StorageSettings.Kind kind = get("SATCHEL_STORAGE", StorageSettings.Kind.FILE,
                v -> StorageSettings.Kind.valueOf(v.toUpperCase(Locale.ROOT)));
        if (kind == StorageSettings.Kind.FILE) return StorageSettings.FILE;
        StorageSettings.S3 d = StorageSettings.S3.NONE;
        URI endpoint = get("SATCHEL_S3_ENDPOINT", null, SettingsLoader::origin);
        return StorageSettings.s3(new StorageSettings.S3(endpoint,
                get("SATCHEL_S3_REGION", d.region(), Function.identity()),
                get("SATCHEL_S3_BUCKET", null, Function.identity()),
                get("SATCHEL_S3_ACCESS_KEY", null, Function.identity()),
                secret("SATCHEL_S3_SECRET_KEY"),
                // An S3-compatible server at its own address rarely has virtual-host names per bucket.
                get("SATCHEL_S3_PATH_STYLE", endpoint != null, SettingsLoader::bool),
                get("SATCHEL_S3_PART_URLS", d.partUrls(), v -> StorageSettings.PartUrls.valueOf(v.toUpperCase(Locale.ROOT))),
                get("SATCHEL_S3_PUBLIC_ENDPOINT", null, SettingsLoader::origin)));
    }

    private static URI origin(String v) {
        return URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    }

    /** What each setting was set to and where from, secrets masked; printed at start. */
    public Map<String, String> report() {
        return chosen;
    }

    private <T> T get(String name, T fallback, Function<String, T> parse) {
        String prop = props.get(name.toLowerCase(Locale.ROOT).replace('_', '.'));
        String raw = prop != null ? prop : env.get(name);
        if (raw == null || raw.isBlank()) {
            chosen.put(name, show(fallback) + " (default)");
            return fallback;
        }
        try {
            T value = parse.apply(raw.trim());
            chosen.put(name, (name.contains("BOOTSTRAP") ? "(set)" : show(value)) + (prop != null ? " (system property)" : " (environment)"));
            return value;
        } catch (InvalidSettingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidSettingException(name, "cannot be read from '" + raw + "': " + e.getMessage());
        }
    }

    private String secret(String name) {
        String value = get(name, null, Function.identity());
        if (value != null) chosen.put(name, "**** " + chosen.get(name).replace(value, "").trim());
        return value;
    }

    private static String show(Object value) {
        if (value == null) return "(none)";
        if (value instanceof Duration d) return d.toString();
        return value.toString();
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static long bytes(String v) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("expected a size such as 2GiB, 500MB or 1048576");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "b" -> 1;
            case "k", "kib" -> 1L << 10;
            case "kb" -> 1000L;
            case "m", "mib" -> 1L << 20;
            case "mb" -> 1000_000L;
            case "g", "gib" -> 1L << 30;
            case "gb" -> 1000_000_000L;
            case "t", "tib" -> 1L << 40;
            case "tb" -> 1000_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
        return Math.multiplyExact(n, factor);
    }

    static Duration duration(String v) {
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(v.toUpperCase(Locale.ROOT));
    }

    static List<BootstrapProject> bootstrapProjects(String v) {
        List<BootstrapProject> out = new ArrayList<>();
        for (String entry : v.split(",")) {
            if (entry.isBlank()) continue;
            String[] p = entry.trim().split(":");
            if (p.length != 3 || p[0].isBlank() || p[1].isBlank() || p[2].isBlank()) {
                throw new InvalidSettingException("SATCHEL_BOOTSTRAP_PROJECT",
                        "entries must be name:public_key:secret_key, separated by commas");
            }
            out.add(new BootstrapProject(p[0], p[1], p[2]));
        }
        return List.copyOf(out);
    }
}
