package io.satchel.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue as rows of db-scheduler's {@code scheduled_tasks} table. With zero worker threads the
 * node only queues work (an API-only node); otherwise it also runs it. Periodic chores are recurring
 * tasks, run by one node at a time.
 */
public final class DbSchedulerJobQueue implements JobQueue {
    private static final Logger LOG = LoggerFactory.getLogger(DbSchedulerJobQueue.class);
    private static final int MAX_RETRIES = 8;

    private final Map<String, OneTimeTask<String>> tasks = new LinkedHashMap<>();
    private final SchedulerClient client;
    private final Scheduler scheduler;
    private final DataSource dataSource;

    /** A chore run every {@code every}. */
    public record Recurring(String name, Duration every, Runnable body) {}

    /**
     * How often idle workers look for due jobs; how often a running job's heartbeat is written (a job
     * whose node missed four is run again elsewhere: the node died); how long running jobs get at shutdown.
     */
    public record Timing(Duration poll, Duration heartbeat, Duration shutdownGrace) {}

    public DbSchedulerJobQueue(DataSource dataSource, Map<String, Handler> handlers, List<Recurring> chores,
                               int threads, Timing timing, String name) {
        this.dataSource = dataSource;
        handlers.forEach((kind, handler) -> tasks.put(kind, Tasks.oneTime(kind, String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(MAX_RETRIES,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0)))
                .execute((instance, ctx) -> {
                    try {
                        handler.run(instance.getData());
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                })));
        List<Task<?>> known = new ArrayList<>(tasks.values());
        List<RecurringTask<Void>> recurring = chores.stream()
                .map(c -> Tasks.recurring(c.name(), FixedDelay.of(c.every())).execute((i, ctx) -> c.body().run()))
                .toList();
        if (threads > 0) {
            this.scheduler = Scheduler.create(dataSource, known)
                    .startTasks(recurring)
                    .threads(threads)
                    .schedulerName(new SchedulerName.Fixed(name)) // picked_by: which node runs a job
                    // Two schedulers share the table, each knowing only its own kinds of job: the other's
                    // rows are "unresolved" to it, and must never be deleted for that.
                    .deleteUnresolvedAfter(Duration.ofDays(36500))
                    .pollingInterval(timing.poll())
                    .heartbeatInterval(timing.heartbeat())
                    .missedHeartbeatsLimit(4)
                    .shutdownMaxWait(timing.shutdownGrace())
                    .enableImmediateExecution()
                    .serializer(new Utf8())
                    .alwaysPersistTimestampInUTC()
                    .build();
            this.client = scheduler;
        } else {
            known.addAll(recurring);
            this.scheduler = null;
            this.client = SchedulerClient.Builder.create(dataSource, known).serializer(new Utf8()).build();
        }
    }

    public void start() {
        if (scheduler != null) scheduler.start();
    }

    @Override
    public void enqueue(String kind, String id) {
        OneTimeTask<String> task = tasks.get(kind);
        if (task == null) throw new IllegalArgumentException("no job kind " + kind);
        boolean queued = client.scheduleIfNotExists(task.instance(id, id), Instant.now());
        if (!queued) LOG.debug("{} for {} is already queued", kind, id);
    }

    @Override
    public int depth() {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name IN ("
                     + String.join(",", tasks.keySet().stream().map(k -> "?").toList()) + ")")) {
            int i = 1;
            for (String k : tasks.keySet()) s.setString(i++, k);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) scheduler.stop();
    }

    /** Job ids are strings; keep them readable in the table rather than Java-serialized. */
    private static final class Utf8 implements Serializer {
        @Override
        public byte[] serialize(Object data) {
            return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T deserialize(Class<T> clazz, byte[] serializedData) {
            if (serializedData == null) return null;
            if (clazz == Void.class) return null;
            return clazz.cast(new String(serializedData, StandardCharsets.UTF_8));
        }
    }
}
