package io.satchel.fromurl;

import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.fetch.Download;
import io.satchel.fetch.FetchException;
import io.satchel.fetch.Fetcher;
import io.satchel.files.FileCatalog;
import io.satchel.files.StoredFile;
import io.satchel.jobs.JobQueue;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.uploads.Uploads;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable fetch job of a from-URL task: UPLOAD streams the response through the same stage, vet and
 * confirm steps as every other upload, under the file uuid the task was given, so a run repeated after a
 * crash makes that one file (or finds it already made). What the origin or the project refuses is the
 * task's error; anything else (store or catalog trouble) is thrown for the queue to retry, a few times.
 */
public final class UrlFetch implements JobQueue.Handler {
    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(UrlFetch.class);
    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;

    private final Fetcher fetcher;
    private final UrlTaskCatalog tasks;
    private final FileCatalog files;
    private final Projects projects;
    private final Uploads uploads;
    private final FromUrl fromUrl;
    private final Clock clock;

    public UrlFetch(Fetcher fetcher, UrlTaskCatalog tasks, FileCatalog files, Projects projects, Uploads uploads,
                    FromUrl fromUrl, Clock clock) {
        this.fetcher = fetcher;
        this.tasks = tasks;
        this.files = files;
        this.projects = projects;
        this.uploads = uploads;
        this.fromUrl = fromUrl;
        this.clock = clock;
    }

    @Override
    public void run(String token) throws IOException {
        Optional<UrlTask> found = tasks.find(token);
        if (found.isEmpty() || found.get().state().isFinished()) return;
        UrlTask task = found.get();
        Optional<StoredFile> made = files.find(task.fileUuid());
        if (made.isPresent()) { // an earlier run confirmed the file and stopped before saying so
            succeed(task, made.get());
            return;
        }
        Optional<Integer> attempt = tasks.startAttempt(token, now());
        if (attempt.isEmpty()) return;
        Optional<Project> project = projects.byId(task.projectId());
        if (attempt.get() > MAX_ATTEMPTS || project.isEmpty()) {
            tasks.fail(token, "DownloadFileTaskFailedError", "Download task failed.", now());
            return;
        }
        try {
            succeed(task, download(task, project.get()));
        } catch (FetchException e) {
            LOG.info("from-URL task {} failed: {} {}", token, e.code(), e.getMessage());
            tasks.fail(token, e.code(), e.getMessage(), now());
        } catch (Failure f) {
            LOG.info("from-URL task {} refused: {} {}", token, f.code(), f.getMessage());
            tasks.fail(token, f.code(), f.getMessage(), now());
        }
    }

    private StoredFile download(UrlTask task, Project project) throws IOException {
        long cap = uploads.capFor(project);
        try (Download d = fetcher.open(URI.create(task.sourceUrl()), cap)) {
            fromUrl.running(task.token(), d);
            Long total = d.contentLength() >= 0 ? d.contentLength() : null;
            tasks.progress(task.token(), 0, total, now());
            String name = task.filename() != null ? task.filename() : d.suggestedFilename();
            Uploads.Staged staged = uploads.stage(task.fileUuid(), "file", name, new Flushing(d, task.token(), total), cap);
            try {
                return uploads.confirm(project, staged, task.store(), task.metadata(), task.source());
            } catch (RuntimeException e) {
                Optional<StoredFile> made = files.find(task.fileUuid()); // another run of this task got there first
                if (made.isPresent()) return made.get();
                uploads.discard(staged);
                throw e;
            }
        } finally {
            fromUrl.running(task.token(), null);
        }
    }

    private void succeed(UrlTask task, StoredFile file) {
        if (task.saveDuplicate()) tasks.rememberDuplicate(task.projectId(), task.sourceUrl(), file.uuid(), now());
        tasks.succeed(task.token(), file.size(), now());
    }

    private long now() {
        return Times.micros(clock.instant());
    }

    /** Writes the byte count to the task's row about once a second, for status asked on other nodes. */
    private final class Flushing extends FilterInputStream {
        private final Download download;
        private final String token;
        private final Long total;
        private long lastFlush = System.nanoTime();

        Flushing(Download download, String token, Long total) {
            super(download.body());
            this.download = download;
            this.token = token;
            this.total = total;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            long t = System.nanoTime();
            if (t - lastFlush >= FLUSH_EVERY_NANOS) {
                lastFlush = t;
                tasks.progress(token, download.bytesRead(), total, now());
            }
            return n;
        }
    }
}
