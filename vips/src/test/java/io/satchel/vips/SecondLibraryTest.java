package io.satchel.vips;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The binding against a second libvips (e.g. sharp's self-contained 8.18 build, which .ci/run fetches
 * from npm and names in SATCHEL_TEST_LIBVIPS_ALT), in a child JVM since a process holds one libvips.
 */
@EnabledIfEnvironmentVariable(named = "SATCHEL_TEST_LIBVIPS_ALT", matches = ".+")
class SecondLibraryTest {

    @Test
    void everythingWorksOnTheOtherLibvipsToo() throws IOException, InterruptedException {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SecondLibraryMain.class.getName(), System.getenv("SATCHEL_TEST_LIBVIPS_ALT"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("version=8\\.\\d+")
                .contains("thumbnail=200x300", "jpeg=true", "webp=true", "avif=true", "grey-bands=1", "svg=refused",
                        "files-open=0");
    }
}
