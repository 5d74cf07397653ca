package io.satchel.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Request counts and latency by API, method and status; labels stay few so series stay bounded. */
public final class HttpMetrics {
    private final MeterRegistry registry;
    /** Timers by api/method/status: looked up, not rebuilt, on every request. */
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    void record(String api, String requested, int status, long nanos) {
        String method = METHODS.contains(requested) ? requested : "OTHER"; // a stranger picks the method: keep series bounded
        timers.computeIfAbsent(api + ' ' + method + ' ' + status, k -> Timer.builder("satchel.http.requests")
                        .description("HTTP requests by API, method and status")
                        .tag("api", api)
                        .tag("method", method)
                        .tag("status", Integer.toString(status))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Bytes accepted into the store by uploads. */
    public void uploaded(long bytes) {
        registry.counter("satchel.upload.bytes").increment(bytes);
    }
}
