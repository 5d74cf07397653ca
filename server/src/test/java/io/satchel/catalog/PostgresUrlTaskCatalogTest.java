package io.satchel.catalog;

import io.satchel.config.Settings;
import io.satchel.testing.Postgres;
import java.nio.file.Path;

class PostgresUrlTaskCatalogTest extends UrlTaskCatalogConformance {
    @Override
    Settings settings(Path dataDir) {
        String[] db = Postgres.freshDatabase();
        return Settings.defaults(dataDir).withDatabase(db[0], db[1], db[2]);
    }
}
