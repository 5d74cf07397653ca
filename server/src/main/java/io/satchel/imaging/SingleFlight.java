package io.satchel.imaging;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One piece of work per key at a time on this node: the first caller does it, callers that come while
 * it runs wait for it to end and then look for its result themselves (in a cache it filled). A failure
 * of the work is every waiter's failure.
 */
final class SingleFlight {
    private final ConcurrentHashMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    /** The work's answer when this caller did it; empty when it waited for another caller's run. */
    <T> Optional<T> runOrWait(String key, Callable<T> work) throws Exception {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                theirs.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
            return Optional.empty();
        }
        try {
            T done = work.call();
            mine.complete(null);
            return Optional.of(done);
        } catch (Exception e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }
}
