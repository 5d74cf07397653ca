package io.satchel.uploads;

import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.FileStatus;
import io.satchel.files.Filenames;
import io.satchel.files.MetadataRules;
import io.satchel.files.StoredFile;
import io.satchel.jobs.JobQueue;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload algorithm's first three steps, shared by every way bytes arrive: REQUEST (authenticate the
 * public key, check the signature, resolve the store flag and metadata), UPLOAD (stream to the store,
 * measuring on the way), CONFIRM (record the file as uploaded and queue PROCESS).
 */
public final class Uploads {
    public static final String PROCESS_JOB = "process-file";
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final Projects projects;
    private final FileCatalog files;
    private final BlobStore store;
    private final JobQueue jobs;
    private final MimeSniffer sniffer;
    private final Clock clock;
    private final long serverCap;
    private final AtomicLong lastUploadTime = new AtomicLong();

    public Uploads(Projects projects, FileCatalog files, BlobStore store, JobQueue jobs, MimeSniffer sniffer,
                   Clock clock, long serverCap) {
        this.projects = projects;
        this.files = files;
        this.store = store;
        this.jobs = jobs;
        this.sniffer = sniffer;
        this.clock = clock;
        this.serverCap = serverCap;
    }

    /** Bytes streamed to the store under a new file's uuid, not yet a file of any project. */
    public record Staged(String uuid, String storageKey, String field, String originalFilename, Ingest.Measured measured) {}

    /** The public key's project; {@code param} names the field in the error text, as Uploadcare does. */
    public Project authenticate(String param, String publicKey) {
        if (publicKey == null || publicKey.isEmpty()) {
            throw Failure.forbidden("ProjectPublicKeyRequiredError", param + " is required.");
        }
        return projects.byPublicKey(publicKey)
                .orElseThrow(() -> Failure.forbidden("ProjectPublicKeyInvalidError", param + " is invalid."));
    }

    /** REQUEST's checks in one: the public key's project ({@code param} names the field), and its signature rule. */
    public Project admit(String param, String publicKey, String signature, String expire) {
        Project project = authenticate(param, publicKey);
        checkSignature(project, signature, expire);
        return project;
    }

    /** Enforces the project's signed-upload rule; a project that does not demand signatures ignores them. */
    private void checkSignature(Project project, String signature, String expire) {
        if (project.signedUploads()) UploadSignature.verify(project.secretKey(), signature, expire, clock.instant());
    }

    /** {@code UPLOADCARE_STORE}/{@code store}: 0 temporary, 1 stored, auto (or absent) follows the project. */
    public boolean resolveStore(Project project, String value) {
        String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "1", "true" -> {
                if (!project.autostore()) throw Failure.forbidden("AutostoreDisabledError", "Autostore is disabled.");
                yield true;
            }
            case "0", "false" -> false;
            case "", "auto" -> project.autostore();
            default -> throw Failure.badRequest("UploadViewsError", "store should be 0, 1 or auto.");
        };
    }

    public Map<String, String> checkMetadata(Map<String, String> metadata) {
        MetadataRules.check(metadata);
        return metadata;
    }

    /** The largest file this project (or, before the project is known, the server) accepts. */
    public long capFor(Project project) {
        return project == null ? serverCap : project.uploadCap(serverCap);
    }

    /** UPLOAD: streams {@code body} into the store under a fresh uuid. Nothing is kept if it fails. */
    public Staged stage(String field, String filename, InputStream body, long cap) throws IOException {
        return stage(UUID.randomUUID().toString(), field, filename, body, cap);
    }

    /** As {@link #stage(String, String, InputStream, long)} under a uuid chosen earlier (a retried from-URL fetch reuses its own). */
    public Staged stage(String uuid, String field, String filename, InputStream body, long cap) throws IOException {
        String key = storageKey(uuid);
        Ingest.Measured measured = Ingest.write(store, key, body, cap);
        return new Staged(uuid, key, field, Filenames.original(filename, field), measured);
    }

    /**
     * Checks staged bytes against the project (size cap, allowed types) and answers their sniffed type.
     * A request with several files vets them all before confirming any, so a rejection keeps none.
     */
    public String vet(Project project, Staged staged) {
        if (staged.measured().size() > project.uploadCap(serverCap)) throw Ingest.tooLarge();
        String mime = sniffer.sniff(staged.measured().head(), staged.originalFilename());
        if (!project.allowsMimeType(mime)) {
            throw Failure.badRequest("FileTypeForbiddenError", "Uploading of these file types is not allowed.");
        }
        return mime;
    }

    /** CONFIRM: vets the staged bytes, records the file as uploaded, queues PROCESS. */
    public StoredFile confirm(Project project, Staged staged, boolean stored, Map<String, String> metadata, String source) {
        String mime = vet(project, staged);
        long now = nextUploadTime();
        StoredFile file = new StoredFile(staged.uuid(), project.id(), FileStatus.UPLOADED, staged.storageKey(),
                staged.measured().size(), staged.measured().sha256(), mime, staged.originalFilename(),
                Filenames.sanitize(staged.originalFilename()), MimeSniffer.isImage(mime), stored, Processing.contentInfo(mime),
                source, now, stored ? now : null, null, metadata);
        files.insert(file);
        jobs.enqueue(PROCESS_JOB, file.uuid());
        return file;
    }

    /** Whether the file exists and belongs to the project (removed files included). */
    public boolean ownedBy(Project project, String uuid) {
        return files.find(project.id(), uuid).isPresent();
    }

    /** Removes staged bytes that will not become a file. */
    public void discard(Staged staged) {
        try {
            store.delete(staged.storageKey());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove staged upload {}: {}", staged.storageKey(), e.toString());
        }
    }

    public static String storageKey(String uuid) {
        return "originals/" + uuid.substring(0, 2) + "/" + uuid;
    }

    /** Upload times are unique within a node (REST cursors page by them), in catalog microseconds. */
    long nextUploadTime() {
        long now = Times.micros(clock.instant());
        return lastUploadTime.updateAndGet(last -> Math.max(last + 1, now));
    }
}
