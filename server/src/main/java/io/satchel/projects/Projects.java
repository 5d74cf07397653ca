package io.satchel.projects;

import io.satchel.catalog.Times;
import io.satchel.config.Settings.BootstrapProject;
import io.satchel.errors.Failure;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** The projects service: creation, look-up by key, settings, secret rotation, bootstrap. */
public final class Projects {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{4,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final ProjectRepository repository;
    private final Clock clock;

    public Projects(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.repository = new ProjectRepository(jdbi);
        this.clock = clock;
    }

    public Project create(String name) {
        return create(name, newKey(), newKey());
    }

    public Project create(String name, String publicKey, String secretKey) {
        requireName(name);
        requireKey(publicKey);
        requireKey(secretKey);
        return jdbi.inTransaction(h -> {
            if (repository.byName(h, name).isPresent()) {
                throw new Failure(Failure.Category.CONFLICT, "ProjectExistsError", "Project " + name + " already exists.");
            }
            if (repository.byPublicKey(h, publicKey).isPresent()) {
                throw new Failure(Failure.Category.CONFLICT, "ProjectExistsError", "Public key is already taken.");
            }
            return repository.insert(h, name, publicKey, secretKey, Times.micros(clock.instant()));
        });
    }

    /**
     * Makes the start-up projects exist: the listed ones with exactly their keys (idempotent), or, on an
     * empty catalog with none listed, a {@code demo} project. Returns the projects it created.
     */
    public List<Project> bootstrap(List<BootstrapProject> wanted) {
        // Nodes of a cluster may start at once on an empty catalog: the one that loses the race to insert
        // a project finds it there when it tries again.
        for (int attempt = 1; ; attempt++) {
            try {
                return bootstrapOnce(wanted);
            } catch (org.jdbi.v3.core.JdbiException e) {
                if (attempt >= 3 || !isUniqueViolation(e)) throw e;
            }
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("23505".equals(sql.getSQLState())
                    || String.valueOf(sql.getMessage()).contains("UNIQUE constraint failed"))) {
                return true;
            }
        }
        return false;
    }

    private List<Project> bootstrapOnce(List<BootstrapProject> wanted) {
        return jdbi.inTransaction(h -> {
            List<Project> created = new ArrayList<>();
            if (wanted.isEmpty()) {
                if (repository.count(h) == 0) {
                    created.add(repository.insert(h, "demo", newKey(), newKey(), Times.micros(clock.instant())));
                }
                return created;
            }
            for (BootstrapProject b : wanted) {
                requireName(b.name());
                requireKey(b.publicKey());
                requireKey(b.secretKey());
                Optional<Project> existing = repository.byName(h, b.name());
                if (existing.isEmpty()) {
                    Optional<Project> keyOwner = repository.byPublicKey(h, b.publicKey());
                    if (keyOwner.isPresent()) {
                        throw new IllegalStateException("SATCHEL_BOOTSTRAP_PROJECT: public key of " + b.name()
                                + " already belongs to project " + keyOwner.get().name());
                    }
                    created.add(repository.insert(h, b.name(), b.publicKey(), b.secretKey(), Times.micros(clock.instant())));
                } else if (!existing.get().publicKey().equals(b.publicKey()) || !existing.get().secretKey().equals(b.secretKey())) {
                    Project p = existing.get();
                    repository.update(h, new Project(p.id(), p.name(), b.publicKey(), b.secretKey(), p.autostore(),
                            p.signedUploads(), p.secureDelivery(), p.maxUploadBytes(), p.allowedMimeTypes(),
                            p.eagerVariants(), p.createdAt()));
                }
            }
            return created;
        });
    }

    public Optional<Project> byPublicKey(String publicKey) {
        return publicKey == null || publicKey.isEmpty() ? Optional.empty() : repository.byPublicKey(publicKey);
    }

    public Optional<Project> byName(String name) {
        return repository.byName(name);
    }

    public Optional<Project> byId(long id) {
        return repository.byId(id);
    }

    public List<Project> all() {
        return repository.all();
    }

    public Project require(String name) {
        return byName(name).orElseThrow(() -> Failure.notFound("ProjectNotFoundError", "Project " + name + " not found."));
    }

    public Project rotateSecret(String name) {
        return jdbi.inTransaction(h -> {
            Project p = repository.byName(h, name)
                    .orElseThrow(() -> Failure.notFound("ProjectNotFoundError", "Project " + name + " not found."));
            Project rotated = new Project(p.id(), p.name(), p.publicKey(), newKey(), p.autostore(), p.signedUploads(),
                    p.secureDelivery(), p.maxUploadBytes(), p.allowedMimeTypes(), p.eagerVariants(), p.createdAt());
            repository.update(h, rotated);
            return rotated;
        });
    }

    /**
     * Applies {@code key=value} settings: autostore, signed_uploads, secure_delivery (booleans),
     * max_upload_bytes (bytes or {@code none}), allowed_mime_types (comma list, empty clears),
     * eager_variants (space-separated chains, empty clears).
     */
    public Project set(String name, Map<String, String> changes) {
        return jdbi.inTransaction(h -> {
            Project p = repository.byName(h, name)
                    .orElseThrow(() -> Failure.notFound("ProjectNotFoundError", "Project " + name + " not found."));
            for (var e : changes.entrySet()) p = apply(p, e.getKey(), e.getValue());
            repository.update(h, p);
            return p;
        });
    }

    private static Project apply(Project p, String key, String value) {
        String v = value == null ? "" : value.trim();
        return switch (key) {
            case "autostore" -> new Project(p.id(), p.name(), p.publicKey(), p.secretKey(), bool(key, v), p.signedUploads(),
                    p.secureDelivery(), p.maxUploadBytes(), p.allowedMimeTypes(), p.eagerVariants(), p.createdAt());
            case "signed_uploads" -> new Project(p.id(), p.name(), p.publicKey(), p.secretKey(), p.autostore(), bool(key, v),
                    p.secureDelivery(), p.maxUploadBytes(), p.allowedMimeTypes(), p.eagerVariants(), p.createdAt());
            case "secure_delivery" -> new Project(p.id(), p.name(), p.publicKey(), p.secretKey(), p.autostore(), p.signedUploads(),
                    bool(key, v), p.maxUploadBytes(), p.allowedMimeTypes(), p.eagerVariants(), p.createdAt());
            case "max_upload_bytes" -> new Project(p.id(), p.name(), p.publicKey(), p.secretKey(), p.autostore(), p.signedUploads(),
                    p.secureDelivery(), size(key, v), p.allowedMimeTypes(), p.eagerVariants(), p.createdAt());
            case "allowed_mime_types" -> new Project(p.id(), p.name(), p.publicKey(), p.secretKey(), p.autostore(), p.signedUploads(),
                    p.secureDelivery(), p.maxUploadBytes(), list(v, ","), p.eagerVariants(), p.createdAt());
            case "eager_variants" -> new Project(p.id(), p.name(), p.publicKey(), p.secretKey(), p.autostore(), p.signedUploads(),
                    p.secureDelivery(), p.maxUploadBytes(), p.allowedMimeTypes(), list(v, "\\s+"), p.createdAt());
            default -> throw Failure.badRequest("ProjectSettingUnknownError", "Unknown project setting: " + key + ".");
        };
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw Failure.badRequest("ProjectSettingInvalidError", key + " must be true or false.");
        };
    }

    private static Long size(String key, String v) {
        if (v.isEmpty() || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null")) return null;
        try {
            long n = Long.parseLong(v);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw Failure.badRequest("ProjectSettingInvalidError", key + " must be a positive number of bytes or none.");
        }
    }

    private static List<String> list(String v, String separator) {
        if (v.isEmpty()) return List.of();
        return java.util.Arrays.stream(v.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Failure.badRequest("ProjectNameInvalidError",
                    "Project name must be 1-64 characters of letters, digits, '_', '.' and '-'.");
        }
    }

    private static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw Failure.badRequest("ProjectKeyInvalidError",
                    "Project keys must be 4-128 characters of letters, digits, '_', '.' and '-'.");
        }
    }

    private static String newKey() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }
}
