package io.satchel.catalog;

import io.satchel.config.Settings;
import java.nio.file.Path;

class SqliteUrlTaskCatalogTest extends UrlTaskCatalogConformance {
    @Override
    Settings settings(Path dataDir) {
        return Settings.defaults(dataDir);
    }
}
