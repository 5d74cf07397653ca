package io.satchel.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Request counts and latency by API, method and status; labels stay few so series stay bounded. */
public final class HttpMetrics {
    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String api, String method, int status, long nanos) {
        Timer.builder("satchel.http.requests")
                .description("HTTP requests by API, method and status")
                .tag("api", api)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Bytes accepted into the store by uploads. */
    public void uploaded(long bytes) {
        registry.counter("satchel.upload.bytes").increment(bytes);
    }
}
