package io.satchel.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.satchel.cli.SatchelCommand;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code project} commands print JSON and work on the catalog a running server uses. */
class ProjectCliTest {
    private final Path dir = TestServer.tempDir();

    @BeforeEach
    void pointSettingsHere() {
        System.setProperty("satchel.data.dir", dir.toString());
    }

    @AfterEach
    void clean() {
        System.clearProperty("satchel.data.dir");
        TestServer.deleteTree(dir);
    }

    record Run(int code, String out, String err) {
        JsonNode json() {
            return Uploader.json(out);
        }
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new SatchelCommand()).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void createListShowSetRotateWhileAServerRuns() {
        try (TestServer server = TestServer.startIn(dir, UnaryOperator.identity())) {
            Run created = run("project", "create", "shop");
            assertThat(created.code()).as(created.err()).isZero();
            JsonNode p = created.json();
            assertThat(p.get("name").asText()).isEqualTo("shop");
            for (String field : new String[] {"public_key", "secret_key", "autostore", "signed_uploads",
                    "secure_delivery", "max_upload_bytes"}) {
                assertThat(p.has(field)).as(field).isTrue();
            }
            // the running server knows the project the command created
            new Uploader(server).upload(p.get("public_key").asText(), "x.txt", "from the CLI's project", "1");

            Run set = run("project", "set", "shop", "signed_uploads=true", "max_upload_bytes=5000");
            assertThat(set.code()).as(set.err()).isZero();
            assertThat(set.json().get("signed_uploads").asBoolean()).isTrue();
            assertThat(set.json().get("max_upload_bytes").asLong()).isEqualTo(5000);
            // …and applies it at once: uploads to the project now need a signature
            var r = server.post("/base/", new io.satchel.testing.Multipart()
                    .field("UPLOADCARE_PUB_KEY", p.get("public_key").asText())
                    .file("file", "a.txt", "text/plain", "x".getBytes()));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("`signature` is required.");

            assertThat(run("project", "show", "shop").json().get("public_key").asText()).isEqualTo(p.get("public_key").asText());
            Run rotated = run("project", "rotate-secret", "shop");
            assertThat(rotated.json().get("secret_key").asText()).isNotEqualTo(p.get("secret_key").asText());
            JsonNode list = run("project", "list").json();
            assertThat(list.isArray()).isTrue();
            assertThat(list.findValuesAsText("name")).contains("alpha", "bravo", "shop");
        }
    }

    @Test
    void errorsGoToStandardErrorWithANonZeroCode() {
        Run missing = run("project", "show", "nope");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("Project nope not found.");
        Run badSetting = run("project", "set", "nope", "colour=blue");
        assertThat(badSetting.code()).isNotZero();
    }

    @Test
    void theFirstStartOfAnEmptyCatalogCreatesTheDemoProject() {
        try (TestServer server = TestServer.startIn(dir, s -> s.withBootstrapProjects(java.util.List.of()))) {
            assertThat(server.satchel().createdAtStart()).extracting(io.satchel.projects.Project::name).containsExactly("demo");
        }
        try (TestServer again = TestServer.startIn(dir, s -> s.withBootstrapProjects(java.util.List.of()))) {
            assertThat(again.satchel().createdAtStart()).isEmpty();
        }
        assertThat(run("project", "list").json()).hasSize(1);
    }
}
