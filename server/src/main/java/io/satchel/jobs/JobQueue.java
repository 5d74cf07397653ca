package io.satchel.jobs;

/**
 * Durable work: a job is a kind and an id, kept in the catalog until a worker on any node has run it.
 * Failed runs are retried with backoff; jobs survive restarts.
 */
public interface JobQueue extends AutoCloseable {

    /** Queues {@code kind} for {@code id} to run now; queuing the same pair again while it waits is a no-op. */
    void enqueue(String kind, String id);

    /** Jobs waiting or running (for metrics and tests). */
    int depth();

    /** Stops taking work; running jobs get the grace period, then are left for another worker to take over. */
    @Override
    void close();

    /** Runs one job; throwing schedules a retry. */
    @FunctionalInterface
    interface Handler {
        void run(String id) throws Exception;
    }
}
