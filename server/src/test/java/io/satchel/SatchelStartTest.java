package io.satchel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.satchel.config.InvalidSettingException;
import io.satchel.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SatchelStartTest {
    private final Path dir = TestServer.tempDir();

    @AfterEach
    void clean() {
        TestServer.deleteTree(dir);
    }

    @Test
    void aTakenPortFailsTheStartNamingTheSettingAndCreatesNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var settings = TestServer.settings(dir).withPort(taken.getLocalPort()).withBootstrapProjects(List.of());
            assertThatThrownBy(() -> Satchel.start(settings))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("SATCHEL_PORT")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
        // No demo project was made whose keys nobody saw: the next good start makes it and shows it.
        try (TestServer server = TestServer.startIn(dir, s -> s.withBootstrapProjects(List.of()))) {
            assertThat(server.satchel().createdAtStart()).extracting(p -> p.name()).containsExactly("demo");
        }
    }

    @Test
    void theWarmUpRendersBeforeListeningAndLeavesNothingBehind() throws Exception {
        try (TestServer server = TestServer.startIn(dir, s -> s.withWarmup(true))) {
            assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);
            try (var walk = java.nio.file.Files.walk(dir)) {
                assertThat(walk.filter(java.nio.file.Files::isRegularFile)
                        .map(p -> dir.relativize(p).toString())
                        .filter(p -> p.startsWith("blobs/originals") || p.startsWith("blobs/results") || p.startsWith("cache/")))
                        .as("warm-up work is not stored").isEmpty();
            }
        }
    }
}
