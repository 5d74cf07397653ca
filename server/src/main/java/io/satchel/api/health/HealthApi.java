package io.satchel.api.health;

import io.satchel.api.Call;
import io.satchel.catalog.Database;
import io.satchel.storage.BlobStore;

/** {@code /health/live} (the process answers) and {@code /health/ready} (catalog and store answer). */
public final class HealthApi {
    private final Database database;
    private final BlobStore store;

    public HealthApi(Database database, BlobStore store) {
        this.database = database;
        this.store = store;
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
            default -> {
                return false;
            }
        }
        return true;
    }
}
