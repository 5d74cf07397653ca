package io.satchel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.satchel.api.FileViews;
import io.satchel.api.HttpMetrics;
import io.satchel.api.Router;
import io.satchel.api.admin.AdminApi;
import io.satchel.api.cdn.CdnApi;
import io.satchel.api.health.HealthApi;
import io.satchel.api.rest.RestApi;
import io.satchel.api.tus.TusApi;
import io.satchel.api.upload.ServedPartUrls;
import io.satchel.api.upload.UploadApi;
import io.satchel.catalog.ClusterEvents;
import io.satchel.catalog.Database;
import io.satchel.config.InvalidSettingException;
import io.satchel.config.Settings;
import io.satchel.fetch.AddressGuard;
import io.satchel.fetch.FetchLimits;
import io.satchel.fetch.Fetcher;
import io.satchel.fetch.HostResolver;
import io.satchel.files.FileCatalog;
import io.satchel.files.Files;
import io.satchel.fromurl.FromUrl;
import io.satchel.fromurl.UrlFetch;
import io.satchel.fromurl.UrlTaskCatalog;
import io.satchel.groups.Groups;
import io.satchel.http.HotResponses;
import io.satchel.http.HttpServer;
import io.satchel.imaging.ImageEngine;
import io.satchel.imaging.Imaging;
import io.satchel.imaging.ImagingPool;
import io.satchel.imaging.Originals;
import io.satchel.imaging.ResultCache;
import io.satchel.imaging.VipsEngine;
import io.satchel.imaging.Warmup;
import io.satchel.vips.Vips;
import io.satchel.vips.VipsException;
import java.util.Optional;
import io.satchel.jobs.DbSchedulerJobQueue;
import io.satchel.jobs.JobQueue;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import io.satchel.storage.BlobStore;
import io.satchel.storage.Storage;
import io.satchel.uploads.MimeSniffer;
import io.satchel.uploads.MultipartUploads;
import io.satchel.uploads.PendingUploadCatalog;
import io.satchel.uploads.PendingUploads;
import io.satchel.uploads.Processing;
import io.satchel.uploads.UploadLeases;
import io.satchel.uploads.Uploads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from validated {@link Settings} with plain constructors,
 * starts the job workers and the listener, and takes it all down again in order.
 */
public final class Satchel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Satchel.class);

    private final Settings settings;
    private final Clock clock;
    private final Database database;
    private final Projects projects;
    private final FileCatalog fileCatalog;
    private static final int FETCH_THREADS = 4;
    private final DbSchedulerJobQueue jobs;
    private final DbSchedulerJobQueue fetchJobs;
    private final HttpServer server;
    private final URI publicUrl;
    private final List<Project> createdAtStart;
    private final PrometheusMeterRegistry registry;
    private final ImagingPool imagingPool;
    // Built after the job queues, which run their jobs and chores (the methods at the end) through them.
    private final PendingUploads pendingUploads;
    private final FromUrl fromUrl;
    private final UrlFetch urlFetch;
    private final Fetcher fetcher;
    private final Storage storage;
    private final ClusterEvents events;
    private final UploadLeases leases;
    /** How long an upload's writer keeps its lease without renewing it (a dead node's lapse after this). */
    private static final Duration LEASE_TTL = Duration.ofSeconds(20);
    /** Encoded answers kept for the event loop to send again: 64 MiB in all, none over 1 MiB. */
    private static final long HOT_BYTES = 64L * 1024 * 1024;
    private static final int HOT_BODY_BYTES = 1024 * 1024;

    private Satchel(Settings settings, Clock clock) {
        this.clock = clock;
        this.settings = settings.validate();
        this.database = Database.open(settings);
        HttpServer listener = null;
        try {
            this.projects = new Projects(database.jdbi(), clock);
            this.storage = Storage.open(settings.storage(), settings.dataDir(), settings.maxUploadBytes());
            BlobStore store = storage.blobs();
            this.fileCatalog = new FileCatalog(database.jdbi());
            this.events = new ClusterEvents(database, settings.effectiveDatabaseUrl(), settings.databaseUser(),
                    settings.databasePassword());
            Files files = new Files(fileCatalog, store, clock, events);
            Groups groups = new Groups(database.jdbi(), fileCatalog, clock);
            this.imagingPool = new ImagingPool(Math.max(1, Runtime.getRuntime().availableProcessors()), 64);
            Vips vips = loadVips(settings);
            ImageEngine images = new VipsEngine(vips, imagingPool, clock);
            // An object store's originals are copied to this node for transforms: they share the cache's budget.
            long resultBytes = storage.remote() ? settings.cacheMaxBytes() / 2 : settings.cacheMaxBytes();
            Originals originals = storage.remote()
                    ? Originals.copied(store, settings.dataDir().resolve("cache/originals"), settings.cacheMaxBytes() - resultBytes)
                    : Originals.direct(store);
            Imaging imaging = new Imaging(images, originals,
                    new ResultCache(settings.dataDir().resolve("cache/results"), resultBytes, store,
                            uuid -> fileCatalog.find(uuid).filter(f -> !f.isRemoved()).isPresent(), storage.remote()),
                    settings.maxInputPixels(), settings.processingTimeLimit(), clock);
            files.onRemoved(imaging::purge);
            files.onRemovedAnywhere(imaging::forgetLocally);
            // Cached variants answered from the event loop: as long as a file record is trusted (Delivery).
            HotResponses hot = new HotResponses(HOT_BYTES, HOT_BODY_BYTES, Duration.ofSeconds(2));
            files.onRemovedAnywhere(hot::forget);
            files.onRemovalsMissed(hot::clear);
            // Before the listener opens: the first requests of a new node meet a compiled render path.
            if (settings.warmup()) Warmup.run(images, settings.maxInputPixels(), clock);
            Processing processing = new Processing(fileCatalog, store, images);
            String node = nodeId(settings.dataDir());
            var jobTiming = new DbSchedulerJobQueue.Timing(settings.jobPollInterval(), settings.jobHeartbeat(),
                    settings.shutdownGrace());
            this.jobs = new DbSchedulerJobQueue(database.dataSource(),
                    Map.of(Uploads.PROCESS_JOB, processing),
                    List.of(new DbSchedulerJobQueue.Recurring("sweep-temporary-files", settings.sweepInterval(),
                                    () -> files.sweepTemporary(settings.temporaryFileTtl())),
                            new DbSchedulerJobQueue.Recurring("sweep-unfinished-uploads", settings.sweepInterval(),
                                    this::sweepUnfinishedUploads),
                            new DbSchedulerJobQueue.Recurring("sweep-url-tasks", settings.sweepInterval(),
                                    this::sweepUrlTasks),
                            new DbSchedulerJobQueue.Recurring("requeue-unprocessed-files", Duration.ofMinutes(1),
                                    this::requeueUnprocessed)),
                    settings.jobThreads(), jobTiming, node + "/jobs");
            Uploads uploads = new Uploads(projects, fileCatalog, store, jobs, new MimeSniffer(), clock,
                    settings.maxUploadBytes());
            this.leases = new UploadLeases(database.jdbi(), clock, LEASE_TTL, node);
            this.pendingUploads = new PendingUploads(new PendingUploadCatalog(database.jdbi()), storage.spool(),
                    storage.nativeParts().orElse(null), storage.presignPartUrls(), store, uploads, projects, fileCatalog,
                    leases, clock,
                    settings.unfinishedUploadTtl());
            Settings.Fetch fetch = settings.fetch();
            this.fetcher = new Fetcher(FetchLimits.of(fetch.timeLimit(), fetch.maxRedirects()),
                    fetch.allowPrivateNetworks() ? AddressGuard.privateNetworksToo() : AddressGuard.publicOnly(),
                    HostResolver.system());
            UrlTaskCatalog urlTasks = new UrlTaskCatalog(database.jdbi());
            // Fetches wait on strangers' servers for minutes; their own workers keep them from holding up
            // PROCESS jobs (is_ready) for everyone. Same table: each scheduler skips the other's task kinds.
            this.fetchJobs = new DbSchedulerJobQueue(database.dataSource(),
                    Map.of(FromUrl.FETCH_JOB, this::fetchUrl), List.of(),
                    settings.jobThreads() == 0 ? 0 : Math.max(FETCH_THREADS, settings.jobThreads()),
                    jobTiming, node + "/fetches");
            this.fromUrl = new FromUrl(fetcher, urlTasks, fileCatalog, fetchJobs, clock);
            this.urlFetch = new UrlFetch(fetcher, urlTasks, fileCatalog, projects, uploads, fromUrl, clock);

            this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            Gauge.builder("satchel.jobs.queued", jobs, JobQueue::depth)
                    .description("Durable jobs waiting or running").register(registry);
            Gauge.builder("satchel.vips.tracked.bytes", vips, v -> v.tracked().bytes())
                    .description("Native memory libvips holds for pixels").register(registry);
            Gauge.builder("satchel.vips.tracked.allocations", vips, v -> v.tracked().allocations()).register(registry);
            Gauge.builder("satchel.vips.open.files", vips, v -> v.tracked().files()).register(registry);
            Gauge.builder("satchel.imaging.queued", imagingPool, ImagingPool::queued)
                    .description("Image jobs waiting for a thread").register(registry);
            Gauge.builder("satchel.process.resident.bytes", Satchel::residentBytes)
                    .description("Resident set size of the process (Linux)").register(registry);

            DeferredRouter deferred = new DeferredRouter();
            try {
                listener = HttpServer.start(settings.host(), settings.port(), settings.http(), deferred, hot);
            } catch (Exception e) { // Netty rethrows the bind's checked exception as it is
                if (!(e instanceof java.io.IOException) && !(e instanceof java.nio.channels.UnresolvedAddressException)) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                throw new InvalidSettingException("SATCHEL_PORT", "cannot be listened on at " + settings.host() + ":"
                        + settings.port() + " (address in use, or not an address of this machine?)");
            }
            this.server = listener;
            this.createdAtStart = projects.bootstrap(settings.bootstrapProjects());
            this.publicUrl = settings.effectivePublicUrl(server.port());
            FileViews views = new FileViews(publicUrl);
            HttpMetrics httpMetrics = new HttpMetrics(registry);
            deferred.router = new Router(
                    new UploadApi(uploads, new MultipartUploads(pendingUploads, uploads, new ServedPartUrls(views)),
                            fileCatalog, groups, views, settings.maxDirectUploadBytes(), httpMetrics, fromUrl),
                    new RestApi(projects, files, groups, views, settings.simpleAuthOverHttp(), clock),
                    new CdnApi(files, groups, store, imaging),
                    new AdminApi(projects, settings.adminToken()),
                    new HealthApi(database, store, registry),
                    new TusApi(pendingUploads, uploads, projects, fileCatalog, views, httpMetrics),
                    httpMetrics);
            jobs.start();
            fetchJobs.start();
        } catch (RuntimeException e) {
            if (listener != null) listener.close();
            database.close();
            throw e;
        }
    }

    public static Satchel start(Settings settings) {
        return new Satchel(settings, Clock.systemUTC());
    }

    public static Satchel start(Settings settings, Clock clock) {
        return new Satchel(settings, clock);
    }

    public int port() {
        return server.port();
    }

    public URI publicUrl() {
        return publicUrl;
    }

    public Settings settings() {
        return settings;
    }

    public Projects projects() {
        return projects;
    }

    public JobQueue jobs() {
        return jobs;
    }

    /** Projects created by this start (the first start's {@code demo} project), to print their keys once. */
    public List<Project> createdAtStart() {
        return createdAtStart;
    }

    private void sweepUnfinishedUploads() {
        pendingUploads.sweepExpired();
    }

    private void sweepUrlTasks() {
        fromUrl.sweep();
    }

    private void fetchUrl(String token) throws java.io.IOException {
        urlFetch.run(token);
    }

    private void requeueUnprocessed() {
        long cutoff = io.satchel.catalog.Times.micros(clock.instant().minus(Duration.ofMinutes(1)));
        for (String uuid : fileCatalog.unprocessedBefore(cutoff, 1000)) jobs.enqueue(Uploads.PROCESS_JOB, uuid);
    }

    /** Stops listening (requests in flight get the grace period), hands jobs back, closes the catalog. */
    @Override
    public void close() {
        try {
            server.stop(settings.shutdownGrace());
        } catch (RuntimeException e) {
            LOG.warn("stopping the listener: {}", e.toString());
        }
        try {
            fetchJobs.close();
            jobs.close();
        } finally {
            fetcher.close();
            leases.close();
            events.close();
            storage.close();
            imagingPool.close();
            registry.close();
            database.close();
        }
    }

    /** This node's name across restarts: made once, kept in the data folder. */
    private static String nodeId(java.nio.file.Path dataDir) {
        java.nio.file.Path file = dataDir.resolve("node-id");
        try {
            if (java.nio.file.Files.isRegularFile(file)) {
                String id = java.nio.file.Files.readString(file).strip();
                if (id.matches("[0-9a-f]{12}")) return id;
            }
            String id = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Files.writeString(file, id + "\n");
            return id;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep this node's id in " + file, e);
        }
    }

    /** VmRSS from /proc/self/status, in bytes; NaN where there is no procfs. */
    private static double residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024.0;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    private static Vips loadVips(Settings settings) {
        try {
            return Vips.load(Optional.ofNullable(settings.libvipsPath()));
        } catch (VipsException | IllegalArgumentException e) {
            throw new InvalidSettingException("SATCHEL_LIBVIPS_PATH", "(or the system's libvips.so.42) cannot be loaded: "
                    + e.getMessage() + ". Install libvips 8.14+ (Debian: apt-get install libvips42).");
        }
    }

    /** Lets the listener start before the router exists (the public URL may depend on the bound port). */
    private static final class DeferredRouter implements HttpServer.Handler {
        volatile Router router;

        @Override
        public void handle(io.satchel.api.Exchange exchange) {
            Router r = router;
            if (r == null) {
                exchange.responseHeader("Retry-After", "1");
                exchange.send(503, "Starting.".getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
                return;
            }
            r.handle(new io.satchel.api.Call(exchange));
        }
    }
}
