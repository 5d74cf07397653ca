package io.satchel.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.errors.Failure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Past its queue the imaging pool answers 503 at once instead of piling work up. */
class ImagingPoolTest {

    @Test
    void aFullQueueIsA503AndTheWorkInHandStillFinishes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ImagingPool pool = new ImagingPool(1, 1);
             var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> call(pool, release, "first"), callers);
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> call(pool, release, "second"), callers);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((pool.active() < 1 || pool.queued() < 1) && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(pool.queued()).isEqualTo(1);
            assertThatThrownBy(() -> pool.run(() -> "third"))
                    .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.status()).isEqualTo(503));
            release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(pool.run(() -> "later")).isEqualTo("later");
        }
    }

    @Test
    void failuresOfTheWorkReachTheCaller() {
        try (ImagingPool pool = new ImagingPool(1, 4)) {
            assertThatThrownBy(() -> pool.run(() -> {
                throw new IllegalArgumentException("bad pixels");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad pixels");
        }
    }

    private static String call(ImagingPool pool, CountDownLatch release, String result) {
        try {
            return pool.run(() -> {
                release.await(10, TimeUnit.SECONDS);
                return result;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
