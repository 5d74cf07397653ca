package io.satchel.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.config.Settings;
import io.satchel.fromurl.UrlTask;
import io.satchel.fromurl.UrlTaskCatalog;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** From-URL tasks and URL duplicates, the same on every catalog dialect; one subclass per dialect. */
abstract class UrlTaskCatalogConformance {
    private final Path dir = TestServer.tempDir();
    private Database db;
    private UrlTaskCatalog tasks;
    private Project project;
    private Project other;

    abstract Settings settings(Path dataDir);

    @BeforeEach
    void open() {
        db = Database.open(settings(dir));
        Projects projects = new Projects(db.jdbi(), Clock.systemUTC());
        project = projects.create("p" + UUID.randomUUID().toString().substring(0, 8));
        other = projects.create("q" + UUID.randomUUID().toString().substring(0, 8));
        tasks = new UrlTaskCatalog(db.jdbi());
    }

    @AfterEach
    void close() {
        db.close();
        TestServer.deleteTree(dir);
    }

    private UrlTask task(long createdAt, Map<String, String> metadata, String filename) {
        UrlTask t = new UrlTask(UUID.randomUUID().toString(), project.id(), "http://example.com/a.png",
                UUID.randomUUID().toString(), UrlTask.State.WAITING, 0, null, null, null, filename, true, metadata, null,
                true, 0, createdAt, createdAt);
        tasks.insert(t);
        return t;
    }

    @Test
    void tasksRoundTripWithNullsMetadataAndFlags() {
        UrlTask t = task(10, Map.of("k", "v", "ü", "ß"), null);
        assertThat(tasks.find(t.token())).contains(t);
        UrlTask named = task(11, Map.of(), "a b.png");
        assertThat(tasks.find(named.token()).orElseThrow().filename()).isEqualTo("a b.png");
        assertThat(tasks.find(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void stateMovesForwardOnlyAndAttemptsCount() {
        UrlTask t = task(10, Map.of(), null);
        assertThat(tasks.startAttempt(t.token(), 20)).contains(1);
        tasks.progress(t.token(), 500, 1000L, 21);
        UrlTask running = tasks.find(t.token()).orElseThrow();
        assertThat(running.state()).isEqualTo(UrlTask.State.PROGRESS);
        assertThat(running.done()).isEqualTo(500);
        assertThat(running.total()).isEqualTo(1000L);
        assertThat(running.updatedAt()).isEqualTo(21);
        assertThat(tasks.startAttempt(t.token(), 30)).contains(2); // a retry starts over
        UrlTask retried = tasks.find(t.token()).orElseThrow();
        assertThat(retried.state()).isEqualTo(UrlTask.State.WAITING);
        assertThat(retried.done()).isZero();
        assertThat(retried.total()).isNull();
        tasks.succeed(t.token(), 1234, 40);
        tasks.fail(t.token(), "X", "late", 41);
        tasks.progress(t.token(), 1, 2L, 42);
        assertThat(tasks.startAttempt(t.token(), 43)).isEmpty();
        UrlTask done = tasks.find(t.token()).orElseThrow();
        assertThat(done.state()).isEqualTo(UrlTask.State.SUCCESS);
        assertThat(done.done()).isEqualTo(1234);
        assertThat(done.total()).isEqualTo(1234L);
        assertThat(done.error()).isNull();

        UrlTask failed = task(10, Map.of(), null);
        tasks.fail(failed.token(), "DownloadFileHTTPClientError", "HTTP client error: 404.", 50);
        tasks.succeed(failed.token(), 1, 51);
        UrlTask f = tasks.find(failed.token()).orElseThrow();
        assertThat(f.state()).isEqualTo(UrlTask.State.ERROR);
        assertThat(f.errorCode()).isEqualTo("DownloadFileHTTPClientError");
        assertThat(f.error()).isEqualTo("HTTP client error: 404.");
    }

    @Test
    void oldTasksAreForgotten() {
        UrlTask old = task(10, Map.of(), null);
        UrlTask recent = task(100, Map.of(), null);
        assertThat(tasks.deleteCreatedBefore(50)).isEqualTo(1);
        assertThat(tasks.find(old.token())).isEmpty();
        assertThat(tasks.find(recent.token())).isPresent();
    }

    @Test
    void duplicatesArePerProjectRepointableAndTakeLongUrls() {
        String url = "https://example.com/" + "x".repeat(10_000) + "?sig=1";
        assertThat(tasks.duplicateOf(project.id(), url)).isEmpty();
        tasks.rememberDuplicate(project.id(), url, "file-1", 1);
        tasks.rememberDuplicate(other.id(), url, "file-2", 1);
        assertThat(tasks.duplicateOf(project.id(), url)).contains("file-1");
        assertThat(tasks.duplicateOf(other.id(), url)).contains("file-2");
        tasks.rememberDuplicate(project.id(), url, "file-3", 2);
        assertThat(tasks.duplicateOf(project.id(), url)).contains("file-3");
        assertThat(tasks.duplicateOf(project.id(), url + "&other")).isEmpty();
    }
}
