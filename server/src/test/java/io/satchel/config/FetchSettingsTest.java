package io.satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fetcher's settings: safe defaults, read from the environment, refused when out of range. */
class FetchSettingsTest {

    @Test
    void defaultsKeepPrivateNetworksClosed() {
        SettingsLoader loader = new SettingsLoader(Map.of(), Map.of());
        Settings.Fetch fetch = loader.load().fetch();
        assertThat(fetch.allowPrivateNetworks()).isFalse();
        assertThat(fetch.timeLimit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(fetch.maxRedirects()).isEqualTo(5);
        assertThat(loader.report()).containsEntry("SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS", "false (default)")
                .containsEntry("SATCHEL_FETCH_TIME_LIMIT", "PT10M (default)")
                .containsEntry("SATCHEL_FETCH_MAX_REDIRECTS", "5 (default)");
    }

    @Test
    void readFromTheEnvironment() {
        Settings.Fetch fetch = new SettingsLoader(Map.of("SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS", "true",
                "SATCHEL_FETCH_TIME_LIMIT", "90s", "SATCHEL_FETCH_MAX_REDIRECTS", "2"), Map.of()).load().fetch();
        assertThat(fetch).isEqualTo(new Settings.Fetch(true, Duration.ofSeconds(90), 2));
    }

    @Test
    void badValuesNameTheSetting() {
        for (var bad : Map.of("SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS", "maybe", "SATCHEL_FETCH_TIME_LIMIT", "0s",
                "SATCHEL_FETCH_MAX_REDIRECTS", "-1").entrySet()) {
            assertThatThrownBy(() -> new SettingsLoader(Map.of(bad.getKey(), bad.getValue()), Map.of()).load())
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining(bad.getKey());
        }
    }
}
