package io.satchel.fromurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.catalog.Database;
import io.satchel.config.Settings;
import io.satchel.fetch.AddressGuard;
import io.satchel.fetch.FetchLimits;
import io.satchel.fetch.Fetcher;
import io.satchel.fetch.HostResolver;
import io.satchel.files.FileCatalog;
import io.satchel.files.FileQuery;
import io.satchel.jobs.JobQueue;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.storage.BlobStore;
import io.satchel.storage.LocalBlobStore;
import io.satchel.testing.Origin;
import io.satchel.testing.TestServer;
import io.satchel.uploads.MimeSniffer;
import io.satchel.uploads.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A from-URL fetch run again after its node died (what db-scheduler does with a dead execution): the
 * task keeps answering a sensible status, the retry makes exactly one file under the task's uuid, a run
 * after the file was confirmed does not fetch again, and a task that keeps failing ends in an error.
 */
class FromUrlRetryTest {
    private static final byte[] DATA = Origin.data(200_000, 5);

    private final Path dir = TestServer.tempDir();
    private final List<String> queued = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingWrites = new AtomicInteger();
    private Origin origin;
    private Database db;
    private Fetcher fetcher;
    private FileCatalog files;
    private UrlTaskCatalog tasks;
    private FromUrl fromUrl;
    private UrlFetch job;
    private Project project;

    @BeforeEach
    void build() {
        origin = Origin.start().serve("/data.bin", Origin.bytes(DATA));
        db = Database.open(Settings.defaults(dir));
        Clock clock = Clock.systemUTC();
        Projects projects = new Projects(db.jdbi(), clock);
        project = projects.create("retry");
        files = new FileCatalog(db.jdbi());
        JobQueue jobs = new JobQueue() {
            @Override
            public void enqueue(String kind, String id) {
                queued.add(kind + ":" + id);
            }

            @Override
            public int depth() {
                return queued.size();
            }

            @Override
            public void close() {}
        };
        BlobStore store = new DyingStore(new LocalBlobStore(dir.resolve("blobs")), failingWrites);
        Uploads uploads = new Uploads(projects, files, store, jobs, new MimeSniffer(), clock, Settings.GIB);
        fetcher = new Fetcher(FetchLimits.of(Duration.ofSeconds(5), 5), AddressGuard.privateNetworksToo(), HostResolver.system());
        tasks = new UrlTaskCatalog(db.jdbi());
        fromUrl = new FromUrl(fetcher, tasks, files, jobs, clock);
        job = new UrlFetch(fetcher, tasks, files, projects, uploads, fromUrl, clock);
    }

    @AfterEach
    void close() {
        fetcher.close();
        db.close();
        origin.close();
        TestServer.deleteTree(dir);
    }

    private String request() {
        var accepted = fromUrl.request(new FromUrl.Request(project, origin.url("/data.bin"), true, null, Map.of("k", "v"),
                "url", false, true));
        String token = ((FromUrl.Accepted.Token) accepted).token();
        assertThat(queued).contains(FromUrl.FETCH_JOB + ":" + token);
        return token;
    }

    private long fileCount() {
        return files.count(new FileQuery(project.id(), false, null, null, null, false, 0, 0));
    }

    @Test
    void aRunThatDiesMidStreamIsRunAgainAndMakesOneFile() throws Exception {
        String token = request();
        assertThat(fromUrl.status(token)).isEqualTo(new FromUrl.Status.Waiting());
        failingWrites.set(1);
        assertThatThrownBy(() -> job.run(token)).isInstanceOf(IOException.class).hasMessageContaining("node died");
        FromUrl.Status meanwhile = fromUrl.status(token);
        assertThat(meanwhile).isInstanceOfAny(FromUrl.Status.Waiting.class, FromUrl.Status.Progress.class);
        if (meanwhile instanceof FromUrl.Status.Progress p) assertThat(p.total()).isEqualTo(DATA.length);
        assertThat(fileCount()).isZero();

        job.run(token);
        FromUrl.Status done = fromUrl.status(token);
        assertThat(done).isInstanceOf(FromUrl.Status.Success.class);
        var file = ((FromUrl.Status.Success) done).file();
        assertThat(file.uuid()).isEqualTo(tasks.find(token).orElseThrow().fileUuid());
        assertThat(file.sha256()).isEqualTo(Origin.sha256(DATA));
        assertThat(file.metadata()).containsEntry("k", "v");
        assertThat(fileCount()).isEqualTo(1);
        assertThat(tasks.find(token).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void aRunAfterTheFileWasConfirmedDoesNotFetchAgain() throws Exception {
        String token = request();
        job.run(token);
        int hits = origin.hits("/data.bin");
        // the node died after confirming the file, before the task said so
        db.jdbi().useHandle(h -> h.execute("UPDATE url_tasks SET status = 'progress' WHERE token = ?", token));
        job.run(token);
        assertThat(fromUrl.status(token)).isInstanceOf(FromUrl.Status.Success.class);
        assertThat(origin.hits("/data.bin")).isEqualTo(hits);
        assertThat(fileCount()).isEqualTo(1);
        assertThat(tasks.duplicateOf(project.id(), origin.url("/data.bin"))).isPresent();
        job.run(token); // finished: left alone
        assertThat(origin.hits("/data.bin")).isEqualTo(hits);
    }

    @Test
    void aTaskThatKeepsFailingEndsInAnError() {
        String token = request();
        failingWrites.set(Integer.MAX_VALUE);
        for (int i = 0; i < UrlFetch.MAX_ATTEMPTS; i++) {
            assertThatThrownBy(() -> job.run(token)).isInstanceOf(IOException.class);
        }
        assertThat(fromUrl.status(token)).isInstanceOfAny(FromUrl.Status.Waiting.class, FromUrl.Status.Progress.class);
        assertThatNoException(token);
        assertThat(fromUrl.status(token)).isEqualTo(new FromUrl.Status.Failed("DownloadFileTaskFailedError", "Download task failed."));
        assertThat(fileCount()).isZero();
    }

    @Test
    void unknownTokensAreUnknownAndTheirJobsDoNothing() throws Exception {
        assertThat(fromUrl.status("00000000-0000-4000-8000-000000000000")).isEqualTo(new FromUrl.Status.Unknown());
        job.run("00000000-0000-4000-8000-000000000000");
        assertThat(origin.hits("/data.bin")).isZero();
    }

    private void assertThatNoException(String token) {
        try {
            job.run(token);
        } catch (IOException e) {
            throw new AssertionError("the last run should give up, not throw", e);
        }
    }

    /** A store whose next writes fail partway through the stream, as a node dying mid-fetch would. */
    private record DyingStore(BlobStore inner, AtomicInteger failing) implements BlobStore {
        @Override
        public long write(String key, InputStream in) throws IOException {
            if (failing.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                in.readNBytes(10_000);
                throw new IOException("node died");
            }
            return inner.write(key, in);
        }

        @Override
        public InputStream read(String key, long offset, long length) throws IOException {
            return inner.read(key, offset, length);
        }

        @Override
        public Optional<BlobStat> stat(String key) throws IOException {
            return inner.stat(key);
        }

        @Override
        public void delete(String key) throws IOException {
            inner.delete(key);
        }

        @Override
        public void deleteAll(String prefix) throws IOException {
            inner.deleteAll(prefix);
        }

        @Override
        public boolean isHealthy() {
            return inner.isHealthy();
        }
    }
}
