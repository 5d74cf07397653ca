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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * From-URL uploads (spec §2.3.3, §2.3.5): REQUEST checks the URL at once (syntax, host, public address)
 * and answers a token, or the remembered file when duplicates are checked; the fetch itself is a
 * durable job ({@link UrlFetch}); status reads the task, with the running fetch's byte count when this
 * node is the one fetching (the row is updated about once a second).
 */
public final class FromUrl {
    public static final String FETCH_JOB = "fetch-url";
    /** How long a token is remembered; afterwards its status is {@code unknown}. */
    static final Duration TASK_TTL = Duration.ofHours(24);
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Fetcher fetcher;
    private final UrlTaskCatalog tasks;
    private final FileCatalog files;
    private final JobQueue jobs;
    private final Clock clock;
    private final Map<String, Download> running = new ConcurrentHashMap<>();

    public FromUrl(Fetcher fetcher, UrlTaskCatalog tasks, FileCatalog files, JobQueue jobs, Clock clock) {
        this.fetcher = fetcher;
        this.tasks = tasks;
        this.files = files;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What a client asked for, its project and options already checked by the caller. */
    public record Request(Project project, String sourceUrl, boolean store, String filename, Map<String, String> metadata,
                          String source, boolean checkDuplicates, boolean saveDuplicates) {}

    /** The answer to a request: a token to poll, or a file fetched from the same URL before. */
    public sealed interface Accepted {
        record Token(String token) implements Accepted {}

        record Duplicate(StoredFile file) implements Accepted {}
    }

    /** Where a task stands, as {@code /from_url/status/} tells it. */
    public sealed interface Status {
        record Waiting() implements Status {}

        record Progress(long done, long total) implements Status {}

        record Success(StoredFile file) implements Status {}

        record Failed(String code, String message) implements Status {}

        record Unknown() implements Status {}
    }

    /** REQUEST: refuses a bad or non-public URL with 400 now, answers a remembered duplicate, or queues the fetch. */
    public Accepted request(Request r) {
        URI url;
        try {
            url = fetcher.check(r.sourceUrl());
        } catch (FetchException e) {
            throw Failure.badRequest(e.code(), e.getMessage());
        }
        if (r.checkDuplicates()) {
            Optional<StoredFile> earlier = tasks.duplicateOf(r.project().id(), url.toString())
                    .flatMap(uuid -> files.find(r.project().id(), uuid)).filter(f -> !f.isRemoved());
            if (earlier.isPresent()) return new Accepted.Duplicate(earlier.get());
        }
        long now = Times.micros(clock.instant());
        String token = UUID.randomUUID().toString();
        String filename = r.filename() == null || r.filename().isBlank() ? null : r.filename();
        tasks.insert(new UrlTask(token, r.project().id(), url.toString(), UUID.randomUUID().toString(), UrlTask.State.WAITING,
                0, null, null, null, filename, r.store(), r.metadata(), r.source(), r.saveDuplicates(), 0, now, now));
        jobs.enqueue(FETCH_JOB, token);
        return new Accepted.Token(token);
    }

    public Status status(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) return new Status.Unknown();
        Optional<UrlTask> found = tasks.find(token);
        if (found.isEmpty()) return new Status.Unknown();
        UrlTask task = found.get();
        return switch (task.state()) {
            case SUCCESS -> files.find(task.fileUuid()).<Status>map(Status.Success::new).orElseGet(Status.Unknown::new);
            case ERROR -> new Status.Failed(task.errorCode(), task.error());
            case WAITING, PROGRESS -> {
                Download live = running.get(token);
                long done = live != null ? live.bytesRead() : task.done();
                Long total = live != null ? (live.contentLength() >= 0 ? live.contentLength() : null) : task.total();
                // Clients divide by total: without a known positive one there is no progress to report.
                yield total != null && total > 0 ? new Status.Progress(Math.min(done, total), total) : new Status.Waiting();
            }
        };
    }

    /** Forgets tasks older than a day (a recurring chore). */
    public int sweep() {
        return tasks.deleteCreatedBefore(Times.micros(clock.instant().minus(TASK_TTL)));
    }

    /** The job's side: registers the download under way so that status can read its byte count. */
    void running(String token, Download download) {
        if (download == null) running.remove(token);
        else running.put(token, download);
    }
}
