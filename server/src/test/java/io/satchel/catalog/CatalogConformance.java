package io.satchel.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.config.Settings;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.FileQuery;
import io.satchel.files.FileStatus;
import io.satchel.files.StoredFile;
import io.satchel.groups.Group;
import io.satchel.groups.Groups;
import io.satchel.jobs.DbSchedulerJobQueue;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.storage.UploadSpool;
import io.satchel.testing.TestServer;
import io.satchel.uploads.PendingUpload;
import io.satchel.uploads.PendingUploadCatalog;
import io.satchel.uploads.UploadLeases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every catalog dialect must do the same way; one subclass per dialect. */
abstract class CatalogConformance {
    private final Path dir = TestServer.tempDir();
    Database db;
    Projects projects;
    FileCatalog files;
    Project project;

    /** Settings pointing at the dialect under test. */
    abstract Settings settings(Path dataDir);

    @BeforeEach
    void open() {
        db = Database.open(settings(dir));
        projects = new Projects(db.jdbi(), Clock.systemUTC());
        files = new FileCatalog(db.jdbi());
        project = projects.create("p" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void close() {
        db.close();
        TestServer.deleteTree(dir);
    }

    StoredFile file(long uploadedAt, boolean stored) {
        String uuid = UUID.randomUUID().toString();
        StoredFile f = new StoredFile(uuid, project.id(), FileStatus.UPLOADED, "originals/" + uuid, 10, "ab", "text/plain",
                "a b.txt", "ab.txt", false, stored, null, null, uploadedAt, stored ? uploadedAt : null, null, Map.of("k", "v"));
        files.insert(f);
        return f;
    }

    @Test
    void projectsAreCreatedFoundUpdatedAndBootstrappedIdempotently() {
        assertThat(projects.byPublicKey(project.publicKey())).contains(project);
        Project changed = projects.set(project.name(), Map.of("autostore", "false", "max_upload_bytes", "99",
                "allowed_mime_types", "image/*,text/plain", "eager_variants", "-/preview/ -/resize/10x/"));
        assertThat(changed.autostore()).isFalse();
        assertThat(projects.byName(project.name()).orElseThrow()).isEqualTo(changed);
        assertThat(changed.allowsMimeType("image/png")).isTrue();
        assertThat(changed.allowsMimeType("application/pdf")).isFalse();
        var wanted = List.of(new Settings.BootstrapProject("boot", "pk_boot_1", "sk_boot_1"));
        assertThat(projects.bootstrap(wanted)).hasSize(1);
        assertThat(projects.bootstrap(wanted)).isEmpty();
        assertThatThrownBy(() -> projects.create(project.name())).isInstanceOf(Failure.class);
    }

    @Test
    void filesPageByExclusiveCursorsInBothOrders() {
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 7; i++) uploaded.add(file(1_000_000L + i, i % 2 == 0).uuid());
        List<String> seen = new ArrayList<>();
        Long from = null;
        while (true) {
            List<StoredFile> page = files.list(new FileQuery(project.id(), false, null, from, null, false, 3, 0));
            if (page.isEmpty()) break;
            page.forEach(f -> seen.add(f.uuid()));
            from = page.get(page.size() - 1).datetimeUploaded();
        }
        assertThat(seen).containsExactlyElementsOf(uploaded);
        List<StoredFile> newest = files.list(new FileQuery(project.id(), false, null, null, null, true, 2, 0));
        assertThat(newest).extracting(StoredFile::uuid).containsExactly(uploaded.get(6), uploaded.get(5));
        List<StoredFile> before = files.list(new FileQuery(project.id(), false, null, null, 1_000_003L, false, 2, 0));
        assertThat(before).extracting(StoredFile::uuid).containsExactly(uploaded.get(1), uploaded.get(2));
        assertThat(files.count(new FileQuery(project.id(), false, true, null, null, false, 0, 0))).isEqualTo(4);
        assertThat(files.totals(project.id())).containsEntry("stored", 4L).containsEntry("unstored", 3L).containsEntry("removed", 0L);
        assertThat(newest.get(0).metadata()).containsEntry("k", "v");
    }

    @Test
    void storeRemoveMetadataAndTemporarySweepQueries() {
        StoredFile temp = file(10, false);
        StoredFile kept = file(20, true);
        assertThat(files.temporaryUploadedBefore(15, 10)).extracting(StoredFile::uuid).containsExactly(temp.uuid());
        assertThat(files.unprocessedBefore(100, 10)).containsExactlyInAnyOrder(temp.uuid(), kept.uuid());
        assertThat(files.store(temp.uuid(), 30)).isTrue();
        assertThat(files.find(temp.uuid()).orElseThrow().datetimeStored()).isEqualTo(30L);
        assertThat(files.remove(temp.uuid(), 40)).isTrue();
        assertThat(files.remove(temp.uuid(), 41)).isFalse();
        StoredFile removed = files.find(temp.uuid()).orElseThrow();
        assertThat(removed.isRemoved()).isTrue();
        assertThat(removed.isStored()).isFalse();
        assertThat(files.putMetadata(kept.uuid(), "new", "1", 50)).isTrue();
        assertThat(files.putMetadata(kept.uuid(), "new", "2", 50)).isFalse();
        assertThat(files.metadata(kept.uuid())).containsEntry("new", "2").containsEntry("k", "v");
        assertThatThrownBy(() -> files.putMetadata(kept.uuid(), "third", "x", 2))
                .isInstanceOf(FileCatalog.MetadataLimitExceeded.class);
        assertThat(files.deleteMetadata(kept.uuid(), "new")).isTrue();
        files.markProcessed(kept.uuid(), FileStatus.READY, true, "{\"mime\":{}}");
        assertThat(files.find(project.id(), kept.uuid()).orElseThrow().isReady()).isTrue();
        assertThat(files.find(project.id() + 1000, kept.uuid())).isEmpty();
    }

    @Test
    void groupsKeepMemberOrderAndProjectScope() {
        StoredFile a = file(1, true);
        StoredFile b = file(2, true);
        Groups groups = new Groups(db.jdbi(), files, Clock.systemUTC());
        Group g = groups.create(project, List.of(b.uuid(), a.uuid() + "/-/resize/x800/"));
        assertThat(g.id()).endsWith("~2");
        Group read = groups.find(project.id(), g.id()).orElseThrow();
        assertThat(read.members()).extracting(Group.Member::fileUuid).containsExactly(b.uuid(), a.uuid());
        assertThat(read.members().get(1).defaultEffects()).isEqualTo("resize/x800/");
        assertThat(groups.find(project.id() + 1000, g.id())).isEmpty();
        assertThat(groups.list(project.id(), null, null, false, 10)).hasSize(1);
        assertThat(groups.delete(project.id(), g.id())).isTrue();
        assertThat(groups.count(project.id())).isZero();
    }

    @Test
    void jobsRunOnceEachAndRetryAfterAFailure() throws Exception {
        Set<String> ran = ConcurrentHashMap.newKeySet();
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        try (DbSchedulerJobQueue queue = new DbSchedulerJobQueue(db.dataSource(), Map.of("test-job", id -> {
            if (attempts.merge(id, 1, Integer::sum) == 1 && id.equals("flaky")) throw new IllegalStateException("first try fails");
            ran.add(id);
        }), List.of(), 2, new DbSchedulerJobQueue.Timing(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(1)), "test")) {
            queue.start();
            queue.enqueue("test-job", "one");
            queue.enqueue("test-job", "flaky");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (ran.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(ran).containsExactlyInAnyOrder("one", "flaky");
            assertThat(attempts).containsEntry("one", 1).containsEntry("flaky", 2);
        }
    }

    @Test
    void pendingUploadsKeepPartsOffsetsAndExpire() {
        PendingUploadCatalog pending = new PendingUploadCatalog(db.jdbi());
        String uuid = UUID.randomUUID().toString();
        PendingUpload u = new PendingUpload(uuid, project.id(), PendingUpload.Protocol.TUS, PendingUpload.State.OPEN,
                null, null, 0, "a.bin", null, true, Map.of("k", "v"), "tus", "tok", "{\"x\":1}", 100, 200, null);
        pending.insert(u);
        assertThat(pending.find(uuid)).contains(u);
        assertThat(pending.setLength(uuid, 42)).isTrue();
        assertThat(pending.setLength(uuid, 43)).as("a deferred length is set once").isFalse();
        assertThat(pending.advance(uuid, 0, 10, 200)).isTrue();
        assertThat(pending.advance(uuid, 0, 20, 200)).as("a stale offset loses").isFalse();
        assertThat(pending.find(uuid).orElseThrow().received()).isEqualTo(10);
        assertThat(pending.find(uuid).orElseThrow().length()).isEqualTo(42L);
        pending.putPart(uuid, new UploadSpool.Piece(2, 5, "e2"));
        pending.putPart(uuid, new UploadSpool.Piece(1, 7, null));
        pending.putPart(uuid, new UploadSpool.Piece(2, 6, "e2b"));
        assertThat(pending.pieces(uuid)).containsExactly(Map.entry(1, new UploadSpool.Piece(1, 7, null)),
                Map.entry(2, new UploadSpool.Piece(2, 6, "e2b")));
        assertThat(pending.expired(199, 10)).isEmpty();
        assertThat(pending.expired(200, 10)).containsExactly(uuid);
        pending.terminate(uuid);
        assertThat(pending.find(uuid).orElseThrow().state()).isEqualTo(PendingUpload.State.TERMINATED);
        assertThat(pending.advance(uuid, 10, 20, 200)).as("a terminated upload does not move").isFalse();
        pending.delete(uuid);
        assertThat(pending.find(uuid)).isEmpty();
        assertThat(pending.pieces(uuid)).isEmpty();
    }

    @Test
    void anAppendRecordsItsPiecesWithItsOffsetOrNotAtAll() {
        PendingUploadCatalog pending = new PendingUploadCatalog(db.jdbi());
        String uuid = UUID.randomUUID().toString();
        pending.insert(new PendingUpload(uuid, project.id(), PendingUpload.Protocol.TUS, PendingUpload.State.OPEN,
                100L, null, 0, "a.bin", null, true, Map.of(), null, "tok", null, 100, 200, null));
        var empty = UploadSpool.Spooled.fresh(uuid, "originals/x", null);
        var first = new UploadSpool.Spooled(uuid, "originals/x", "mpu-1",
                Map.of(1, new UploadSpool.Piece(1, 40, "e1"), 0, new UploadSpool.Piece(0, 3, "spool/t1")));
        assertThat(pending.advance(uuid, 0, 43, 300, empty, first)).isTrue();
        var second = new UploadSpool.Spooled(uuid, "originals/x", "mpu-1",
                Map.of(1, new UploadSpool.Piece(1, 40, "e1"), 2, new UploadSpool.Piece(2, 40, "e2")));
        assertThat(pending.advance(uuid, 0, 80, 300, empty, second)).as("a stale offset records nothing").isFalse();
        assertThat(pending.pieces(uuid)).isEqualTo(first.pieces());
        assertThat(pending.advance(uuid, 43, 80, 300, first, second)).isTrue();
        assertThat(pending.pieces(uuid)).as("the tail went with the append that used it").isEqualTo(second.pieces());
        assertThat(pending.find(uuid).orElseThrow().storeHandle()).isEqualTo("mpu-1");
        assertThat(pending.find(uuid).orElseThrow().received()).isEqualTo(80);
    }

    @Test
    void leasesExcludeAcrossHoldersAndLapseWhenNotRenewed() {
        PendingUploadCatalog pending = new PendingUploadCatalog(db.jdbi());
        String uuid = UUID.randomUUID().toString();
        pending.insert(new PendingUpload(uuid, project.id(), PendingUpload.Protocol.MULTIPART, PendingUpload.State.OPEN,
                100L, 50L, 0, "a.bin", null, true, Map.of(), null, "tok", null, 100, 200, null));
        var clock = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return clock.get();
            }
        };
        // Two nodes: two lease keepers on one catalog. Renewal is slower than the test.
        try (UploadLeases a = new UploadLeases(db.jdbi(), moving, Duration.ofHours(1), "node-a");
             UploadLeases b = new UploadLeases(db.jdbi(), moving, Duration.ofHours(1), "node-b")) {
            var part1 = a.acquire(uuid, false, Duration.ZERO).orElseThrow();
            var part2 = b.acquire(uuid, false, Duration.ZERO).orElseThrow();
            assertThat(b.acquire(uuid, true, Duration.ZERO)).as("no completion beside parts").isEmpty();
            part1.close();
            part2.close();
            var completion = b.acquire(uuid, true, Duration.ZERO).orElseThrow();
            assertThat(a.acquire(uuid, false, Duration.ZERO)).as("no part beside a completion").isEmpty();
            assertThat(a.acquire(uuid, true, Duration.ofMillis(120))).as("nor a second completion").isEmpty();
            clock.set(clock.get().plus(Duration.ofHours(2)));
            assertThat(a.acquire(uuid, true, Duration.ZERO)).as("a holder that stopped renewing lapses").isPresent();
            completion.close();
            assertThat(a.acquire(UUID.randomUUID().toString(), true, Duration.ZERO))
                    .as("an upload that is not there: a lease that holds nothing").isPresent();
        }
        // What node b held when it died (a killed process releases nothing).
        db.jdbi().useHandle(h -> h.execute("INSERT INTO upload_leases (upload_uuid, holder, exclusive, expires_at)"
                + " VALUES (?, ?, ?, ?)", uuid, "node-b:dead", true, Long.MAX_VALUE));
        try (UploadLeases restartedB = new UploadLeases(db.jdbi(), Clock.systemUTC(), Duration.ofHours(1), "node-b")) {
            assertThat(restartedB.acquire(uuid, true, Duration.ZERO)).as("a restarted node drops what it held").isPresent();
        }
    }
}
