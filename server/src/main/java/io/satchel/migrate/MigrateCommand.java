package io.satchel.migrate;

import io.satchel.config.InvalidSettingException;
import io.satchel.config.Settings;
import io.satchel.config.SettingsLoader;
import io.satchel.storage.Bucket;
import io.satchel.storage.S3BlobStore;
import io.satchel.storage.StorageSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate catalog|storage}: from one node (SQLite, the data folder) to the cluster setup
 * (PostgreSQL, an S3 bucket). Both read the settings {@code serve} reads. Exit codes: 0 copied and
 * verified, 1 something is not (the output says what), 2 refused before copying anything.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy this node's catalog to PostgreSQL, or its blobs to S3, for the cluster setup.")
public final class MigrateCommand {
    private final Map<String, String> environment;
    private final Map<String, String> properties;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean plainProgress;

    public MigrateCommand() {
        this(System.getenv(), null, System.out, System.err, false);
    }

    /** For tests: the settings come from {@code environment} alone; progress is printed as plain lines. */
    MigrateCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this(environment, Map.of(), out, err, true);
    }

    private MigrateCommand(Map<String, String> environment, Map<String, String> properties, PrintStream out,
                           PrintStream err, boolean plainProgress) {
        this.environment = environment;
        this.properties = properties;
        this.out = out;
        this.err = err;
        this.plainProgress = plainProgress;
    }

    @Command(name = "catalog", mixinStandardHelpOptions = true,
            description = {"Copy the catalog (normally SQLite) into PostgreSQL, then verify it.",
                    "Run it while the node serves, stop the node, run it again (only changes move), then start the"
                            + " nodes on the new settings."})
    int catalog(@Option(names = "--to", required = true, paramLabel = "JDBC_URL",
                        description = "the target, jdbc:postgresql://host/db") String to,
                @Option(names = "--user", paramLabel = "USER", description = "the target's user") String user,
                @Option(names = "--password-env", paramLabel = "VAR",
                        description = "the environment variable that holds the target's password") String passwordEnv,
                @Option(names = "--force", description = "copy even over a target with projects of its own, or one"
                        + " a node has run on: rows with the same keys are overwritten, none is removed") boolean force) {
        if (!to.startsWith("jdbc:postgresql:")) return refuse("--to must be a jdbc:postgresql: URL, got " + to);
        String password = null;
        if (passwordEnv != null) {
            password = environment.get(passwordEnv);
            if (password == null) return refuse("--password-env names " + passwordEnv + ", which is not set");
        }
        Settings source = settings(environment, properties());
        if (source == null) return 2;
        if (source.effectiveDatabaseUrl().equals(to)) return refuse("--to names the catalog the settings already use");
        try {
            return new CatalogMigration(source, source.withDatabase(to, user, password), force, progress(), out, err).run();
        } catch (MigrationRefused e) {
            return refuse(e.getMessage());
        } catch (java.sql.SQLException | RuntimeException e) {
            return failed(e);
        }
    }

    @Command(name = "storage", mixinStandardHelpOptions = true,
            description = {"Copy the data folder's blobs into the S3 bucket of the SATCHEL_S3_* settings, each read back"
                    + " and checked by SHA-256.", "Unfinished uploads do not move. Run it again to copy what is new."})
    int storage(@Option(names = "--to", required = true, paramLabel = "s3", description = "the target store: s3") String to,
                @Option(names = "--originals-only", description = "leave transform results (results/) behind;"
                        + " the cluster renders them again") boolean originalsOnly,
                @Option(names = "--verify-all", description = "read every object back, trusting no earlier run;"
                        + " objects that differ are reported, not overwritten") boolean verifyAll,
                @Option(names = "--parallel", defaultValue = "4", paramLabel = "N",
                        description = "blobs in flight at once (default ${DEFAULT-VALUE})") int parallel) {
        if (!to.equals("s3")) return refuse("--to must be s3, got " + to);
        if (parallel < 1 || parallel > 64) return refuse("--parallel must be 1..64");
        // The S3 settings are read as if the node ran on S3, whatever SATCHEL_STORAGE says now.
        Map<String, String> env = new HashMap<>(environment);
        env.put("SATCHEL_STORAGE", "s3");
        Map<String, String> props = new HashMap<>(properties());
        props.remove("satchel.storage");
        Settings settings = settings(env, props);
        if (settings == null) return 2;
        StorageSettings.S3 s3 = settings.storage().s3();
        Path blobs = settings.dataDir().resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return refuse("there are no blobs at " + blobs.toAbsolutePath() + ": run the migration with the same"
                    + " settings (SATCHEL_DATA_DIR…) as the node you move");
        }
        String where = "bucket " + s3.bucket() + " at " + (s3.endpoint() != null ? s3.endpoint() : "AWS " + s3.region());
        try (Bucket bucket = Bucket.connect(s3);
             Ledger ledger = Ledger.open(settings.dataDir().resolve("migrate-storage.ledger"), where.replace(' ', '_'))) {
            S3BlobStore store = new S3BlobStore(bucket, settings.dataDir().resolve("tmp").resolve("parts"));
            if (!store.isHealthy()) return refuse("the " + where + " does not answer (does it exist? are the keys right?)");
            BlobTransfer transfer = new BlobTransfer(store, ledger, verifyAll);
            return new BlobMigration(blobs, transfer, new BlobMigration.Options(originalsOnly, verifyAll, parallel),
                    progress(), out).run(where);
        } catch (java.io.IOException | RuntimeException e) {
            return failed(e);
        }
    }

    private Settings settings(Map<String, String> env, Map<String, String> props) {
        try {
            return new SettingsLoader(env, props).load();
        } catch (InvalidSettingException e) {
            err.println("satchel: invalid setting: " + e.getMessage());
            return null;
        }
    }

    private Map<String, String> properties() {
        if (properties != null) return properties;
        Map<String, String> props = new HashMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return props;
    }

    private Progress progress() {
        return new Progress(err, !plainProgress && Progress.standardErrorIsTerminal());
    }

    private int refuse(String why) {
        err.println("satchel: " + why);
        return 2;
    }

    private int failed(Exception e) {
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !why.toString().contains(c.getMessage())) why.append(": ").append(c.getMessage());
        }
        err.println("satchel: the migration stopped: " + why + " (run it again to go on)");
        return 1;
    }
}
