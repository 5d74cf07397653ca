package io.satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {

    @Test
    void defaultsMatchTheSpecAndAreReportedAsDefaults() {
        SettingsLoader loader = new SettingsLoader(Map.of(), Map.of());
        Settings s = loader.load();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.dataDir()).isEqualTo(Path.of("./satchel-data"));
        assertThat(s.maxUploadBytes()).isEqualTo(5L << 30);
        assertThat(s.cacheMaxBytes()).isEqualTo(2L << 30);
        assertThat(s.maxInputPixels()).isEqualTo(75_000_000L);
        assertThat(s.temporaryFileTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(s.simpleAuthOverHttp()).isEqualTo(Settings.SimpleAuthOverHttp.LOOPBACK);
        assertThat(s.effectivePublicUrl(8080).toString()).isEqualTo("http://localhost:8080");
        assertThat(s.effectiveDatabaseUrl()).startsWith("jdbc:sqlite:").endsWith("satchel.db");
        assertThat(loader.report()).containsEntry("SATCHEL_PORT", "8080 (default)");
    }

    @Test
    void environmentAndSystemPropertiesAreReadAndPropertiesWin() {
        SettingsLoader loader = new SettingsLoader(
                Map.of("SATCHEL_PORT", "9000", "SATCHEL_MAX_UPLOAD_BYTES", "100MiB", "SATCHEL_TEMPORARY_FILE_TTL", "PT2H",
                        "SATCHEL_BOOTSTRAP_PROJECT", "a:pk_aaaa:sk_aaaa,b:pk_bbbb:sk_bbbb", "SATCHEL_ADMIN_TOKEN", "0123456789abcdef0"),
                Map.of("satchel.port", "9001", "satchel.sweep.interval", "30s"));
        Settings s = loader.load();
        assertThat(s.port()).isEqualTo(9001);
        assertThat(s.maxUploadBytes()).isEqualTo(100L << 20);
        assertThat(s.temporaryFileTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(s.sweepInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.bootstrapProjects()).extracting(Settings.BootstrapProject::name).containsExactly("a", "b");
        assertThat(loader.report().get("SATCHEL_PORT")).isEqualTo("9001 (system property)");
        assertThat(loader.report().get("SATCHEL_ADMIN_TOKEN")).doesNotContain("0123456789abcdef0");
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_PORT", "eighty"), Map.of()).load())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("SATCHEL_PORT");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_PORT", "70000"), Map.of()).load())
                .hasMessageContaining("SATCHEL_PORT");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_MAX_UPLOAD_BYTES", "lots"), Map.of()).load())
                .hasMessageContaining("SATCHEL_MAX_UPLOAD_BYTES");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_BOOTSTRAP_PROJECT", "only-a-name"), Map.of()).load())
                .hasMessageContaining("SATCHEL_BOOTSTRAP_PROJECT");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_DATABASE_URL", "jdbc:mysql://x"), Map.of()).load())
                .hasMessageContaining("SATCHEL_DATABASE_URL");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_SIMPLE_AUTH_OVER_HTTP", "sometimes"), Map.of()).load())
                .hasMessageContaining("SATCHEL_SIMPLE_AUTH_OVER_HTTP");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_ADMIN_TOKEN", "short"), Map.of()).load())
                .hasMessageContaining("SATCHEL_ADMIN_TOKEN");
    }

    @Test
    void storageOnS3IsReadOnlyWhenAskedForAndChecked() {
        assertThat(new SettingsLoader(Map.of("SATCHEL_S3_BUCKET", "ignored"), Map.of()).load().storage().isS3()).isFalse();
        SettingsLoader loader = new SettingsLoader(Map.of("SATCHEL_STORAGE", "s3", "SATCHEL_S3_ENDPOINT", "http://minio:9000/",
                "SATCHEL_S3_BUCKET", "files", "SATCHEL_S3_ACCESS_KEY", "AKIA1", "SATCHEL_S3_SECRET_KEY", "very-secret",
                "SATCHEL_S3_PART_URLS", "bucket"), Map.of());
        var s3 = loader.load().storage().s3();
        assertThat(s3.endpoint()).hasToString("http://minio:9000");
        assertThat(s3.pathStyle()).as("an S3-compatible server at its own address").isTrue();
        assertThat(s3.partUrls()).isEqualTo(io.satchel.storage.StorageSettings.PartUrls.BUCKET);
        assertThat(s3.presignEndpoint()).as("clients reach the same address unless told otherwise").isEqualTo(s3.endpoint());
        assertThat(loader.report().get("SATCHEL_S3_SECRET_KEY")).doesNotContain("very-secret");
        assertThat(new SettingsLoader(Map.of("SATCHEL_STORAGE", "s3", "SATCHEL_S3_BUCKET", "b"), Map.of()).load()
                .storage().s3().pathStyle()).as("AWS itself: virtual-host style").isFalse();

        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_STORAGE", "s3"), Map.of()).load())
                .hasMessageContaining("SATCHEL_S3_BUCKET");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_STORAGE", "s3", "SATCHEL_S3_BUCKET", "b",
                "SATCHEL_S3_ACCESS_KEY", "only-half"), Map.of()).load()).hasMessageContaining("SATCHEL_S3_ACCESS_KEY");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_STORAGE", "s3", "SATCHEL_S3_BUCKET", "b",
                "SATCHEL_S3_ENDPOINT", "minio:9000"), Map.of()).load()).hasMessageContaining("SATCHEL_S3_ENDPOINT");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_STORAGE", "gcs"), Map.of()).load())
                .hasMessageContaining("SATCHEL_STORAGE");
        assertThatThrownBy(() -> new SettingsLoader(Map.of("SATCHEL_STORAGE", "s3", "SATCHEL_S3_BUCKET", "b",
                "SATCHEL_S3_PART_URLS", "somewhere"), Map.of()).load()).hasMessageContaining("SATCHEL_S3_PART_URLS");
    }
}
