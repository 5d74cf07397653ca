package io.satchel.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.Postgres;
import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import org.junit.jupiter.api.Test;

/** The whole server on PostgreSQL: upload, PROCESS job, info, group. */
class PostgresServerTest {

    @Test
    void uploadsAreProcessedAndGroupedOnPostgres() {
        String[] db = Postgres.freshDatabase();
        try (TestServer server = TestServer.start(s -> s.withDatabase(db[0], db[1], db[2]))) {
            Uploader uploader = new Uploader(server);
            String a = uploader.upload(TestServer.PUB, "a.txt", "alpha", "1");
            String b = uploader.upload(TestServer.PUB, "b.txt", "bravo", "0");
            assertThat(uploader.awaitReady(TestServer.PUB, a).get("is_stored").asBoolean()).isTrue();
            assertThat(uploader.awaitReady(TestServer.PUB, b).get("is_stored").asBoolean()).isFalse();
            var group = server.postForm("/group/", "pub_key=" + TestServer.PUB + "&files[0]=" + a + "&files[1]=" + b);
            assertThat(group.statusCode()).as(group.body()).isEqualTo(200);
            assertThat(Uploader.json(group.body()).get("files_count").asInt()).isEqualTo(2);
            assertThat(server.get("/info/?pub_key=" + TestServer.PUB2 + "&file_id=" + a).statusCode()).isEqualTo(404);
        }
    }
}
