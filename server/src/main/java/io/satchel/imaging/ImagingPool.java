package io.satchel.imaging;

import io.satchel.errors.Failure;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Image work runs here: a fixed pool of platform threads (a native call pins a virtual thread's carrier)
 * with a bounded queue in front. Past the queue the caller gets 503 with {@code Retry-After}, rather
 * than the server falling over.
 */
public final class ImagingPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public ImagingPool(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "satchel-imaging-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code work} on the pool and waits for it; a full queue is a 503 {@link Failure}. */
    public <T> T run(Callable<T> work) throws Exception {
        Future<T> f;
        try {
            f = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new Failure(Failure.Category.UNAVAILABLE, "ImagingBusyError", "Image processing is busy, retry shortly.");
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Jobs waiting for a thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    /** Jobs running now. */
    public int active() {
        return executor.getActiveCount();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
