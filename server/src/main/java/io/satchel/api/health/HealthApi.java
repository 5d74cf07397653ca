package io.satchel.api.health;

import io.satchel.api.Call;
import io.satchel.catalog.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.satchel.storage.BlobStore;

/**
 * {@code /health/live} (the process answers), {@code /health/ready} (catalog and store answer) and
 * {@code /metrics} (Prometheus text format).
 */
public final class HealthApi {
    private final Database database;
    private final BlobStore store;
    private final PrometheusMeterRegistry registry;

    public HealthApi(Database database, BlobStore store, PrometheusMeterRegistry registry) {
        this.database = database;
        this.store = store;
        this.registry = registry;
    }

    public boolean handle(Call call) {
        String route = String.join("/", call.segments());
        switch (route) {
            case "health/live" -> call.send(200, "application/json", "{\"status\":\"UP\"}");
            case "health/ready" -> {
                boolean catalog = database.isHealthy();
                boolean blobs = store.isHealthy();
                String body = "{\"status\":\"" + (catalog && blobs ? "UP" : "DOWN") + "\",\"catalog\":"
                        + catalog + ",\"store\":" + blobs + "}";
                call.send(catalog && blobs ? 200 : 503, "application/json", body);
            }
            case "metrics" -> call.send(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            default -> {
                return false;
            }
        }
        return true;
    }
}
