package io.satchel.api.rest;

import static io.satchel.api.rest.RestClient.JAVA_DATE;
import static io.satchel.api.rest.RestClient.JS_DATE;
import static io.satchel.api.rest.RestClient.PY_DATE;
import static io.satchel.api.rest.RestClient.V5;
import static io.satchel.api.rest.RestClient.V6;
import static io.satchel.api.rest.RestClient.V7;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.config.Settings.SimpleAuthOverHttp;
import io.satchel.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST authentication and version negotiation as the JS, Java and Python clients exercise them. */
class RestAuthTest {
    static final String NOT_ACCEPTABLE = "Incorrect Accept header provided. Make sure to specify API version."
            + " Refer to REST API docs for details.";
    static TestServer server;
    static RestClient alpha;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alpha = new RestClient(server, TestServer.PUB, TestServer.SECRET);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- the sign string, against the clients' own test vectors

    @Test
    void signStringMatchesTheJsRestClientVector() {
        byte[] body = "{\"foo\":\"bar\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RestAuth.md5Hex(body)).isEqualTo("9bb58f26192e4ba00f01e2e7b136bbd8");
        assertThat(RestAuth.signString("POST", body, "application/json", "Mon, 03 Jul 2023 14:21:28 GMT",
                "/files/?limit=1&stored=true"))
                .isEqualTo("POST\n9bb58f26192e4ba00f01e2e7b136bbd8\napplication/json\nMon, 03 Jul 2023 14:21:28 GMT\n"
                        + "/files/?limit=1&stored=true");
        assertThat(RestAuth.signString("GET", new byte[0], null, "d", "/project/"))
                .isEqualTo("GET\nd41d8cd98f00b204e9800998ecf8427e\n\nd\n/project/");
    }

    @Test
    void signatureMatchesTheJavaClientVector() {
        String sign = RestAuth.signString("GET", new byte[0], "application/json", "Fri, 17 Nov 1989 00:00:00 +0000",
                "/files/27c7846b-a019-4516-a5e4-de635f822161/");
        assertThat(RestAuth.sign("demosecretkey", sign)).isEqualTo("535e263808dd38599343f04aab3c9f34bb15573c");
    }

    @Test
    void datesParseInAllThreeClientShapes() {
        Instant t = Instant.parse("2023-07-03T14:21:28Z");
        assertThat(RestAuth.parseDate("Mon, 03 Jul 2023 14:21:28 GMT")).isEqualTo(t);
        assertThat(RestAuth.parseDate("Mon, 03 Jul 2023 14:21:28 +0000")).isEqualTo(t);
        assertThat(RestAuth.parseDate("Mon, 03 Jul 2023, 14:21:28 GMT")).isEqualTo(t);
        assertThat(RestAuth.parseDate("yesterday")).isNull();
        assertThat(RestAuth.parseDate(null)).isNull();
    }

    @Test
    void simpleAuthOverPlainHttpFollowsTheSetting() {
        assertThat(RestAuth.simpleAllowed(SimpleAuthOverHttp.NEVER, false, true)).isFalse();
        assertThat(RestAuth.simpleAllowed(SimpleAuthOverHttp.NEVER, true, false)).isTrue();
        assertThat(RestAuth.simpleAllowed(SimpleAuthOverHttp.LOOPBACK, false, true)).isTrue();
        assertThat(RestAuth.simpleAllowed(SimpleAuthOverHttp.LOOPBACK, false, false)).isFalse();
        assertThat(RestAuth.simpleAllowed(SimpleAuthOverHttp.ALWAYS, false, false)).isTrue();
    }

    // --- over HTTP

    @Test
    void jsStyleSignedRequestIsAccepted() {
        RestClient.Reply r = alpha.get("/project/");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(V7);
        assertThat(r.json().get("pub_key").asText()).isEqualTo(TestServer.PUB);
    }

    @Test
    void javaAndPythonDateHeadersAreAccepted() {
        for (DateTimeFormatter shape : new DateTimeFormatter[] {JS_DATE, JAVA_DATE, PY_DATE}) {
            String date = RestClient.now(shape);
            RestClient.Reply r = alpha.raw("GET", "/files/?limit=1", "", Map.of("Accept", V6, "Date", date,
                    "Content-Type", "application/json",
                    "Authorization", alpha.signature("GET", "/files/?limit=1", "", "application/json", date)));
            assertThat(r.status()).as(date + " " + r.body()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo(V6);
        }
    }

    @Test
    void xUploadcareDateWinsOverDate() {
        String fresh = RestClient.now(JS_DATE);
        String stale = JS_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(3));
        RestClient.Reply r = alpha.raw("GET", "/project/", "", Map.of("Accept", V7, "Date", stale,
                "X-Uploadcare-Date", fresh, "Authorization", alpha.signature("GET", "/project/", "", null, fresh)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void datesOutsideFifteenMinutesAreRefused() {
        assertThat(withDateOffset(-16).status()).isEqualTo(400);
        assertThat(withDateOffset(-16).detail()).isEqualTo("Date should be within 0:15:00 of our server time");
        assertThat(withDateOffset(16).status()).isEqualTo(400);
        assertThat(withDateOffset(-14).status()).isEqualTo(200);
        assertThat(withDateOffset(14).status()).isEqualTo(200);
    }

    private RestClient.Reply withDateOffset(int minutes) {
        String date = JS_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(minutes));
        return alpha.http("GET", "/project/", "", Map.of("Accept", V7, "Content-Type", "application/json",
                "X-Uploadcare-Date", date, "Authorization", alpha.signature("GET", "/project/", "", "application/json", date)));
    }

    @Test
    void eachAuthenticationFailureSaysWhy() {
        RestClient.Reply none = alpha.http("GET", "/files/", "", Map.of("Accept", V7));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.detail()).isEqualTo("Authentication credentials were not provided.");
        assertThat(none.contentType()).isEqualTo(V7);

        assertThat(withAuthorization("Bearer abc").detail()).isEqualTo("Incorrect authentication credentials.");
        assertThat(withAuthorization("Uploadcare.Simple " + TestServer.PUB).detail())
                .isEqualTo("Incorrect authentication credentials.");
        RestClient.Reply wrongSecret = withAuthorization("Uploadcare.Simple " + TestServer.PUB + ":" + TestServer.SECRET2);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.detail()).isEqualTo("Incorrect authentication credentials.");
        RestClient.Reply unknown = withAuthorization("Uploadcare.Simple nobody_here:whatever");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.detail()).isEqualTo("Public key nobody_here not found.");

        RestClient stranger = new RestClient(server, "nobody_here", TestServer.SECRET);
        assertThat(stranger.get("/project/").detail()).isEqualTo("Public key nobody_here not found.");
        RestClient forger = new RestClient(server, TestServer.PUB, "not-the-secret");
        RestClient.Reply forged = forger.get("/project/");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.detail()).isEqualTo("Invalid signature. Please check your Secret key.");
    }

    private RestClient.Reply withAuthorization(String value) {
        return alpha.http("GET", "/files/", "", Map.of("Accept", V7, "Authorization", value));
    }

    @Test
    void theSignatureCoversQueryBodyAndContentType() {
        String date = RestClient.now(JS_DATE);
        String signedFor = alpha.signature("GET", "/files/?limit=1", "", "application/json", date);
        RestClient.Reply otherQuery = alpha.http("GET", "/files/?limit=2", "", Map.of("Accept", V7,
                "Content-Type", "application/json", "X-Uploadcare-Date", date, "Authorization", signedFor));
        assertThat(otherQuery.detail()).isEqualTo("Invalid signature. Please check your Secret key.");

        String body = "[\"00000000-0000-0000-0000-000000000000\"]";
        String bodySig = alpha.signature("PUT", "/files/storage/", body, "application/json", date);
        RestClient.Reply otherBody = alpha.http("PUT", "/files/storage/", body.replace('0', '1'), Map.of("Accept", V7,
                "Content-Type", "application/json", "X-Uploadcare-Date", date, "Authorization", bodySig));
        assertThat(otherBody.detail()).isEqualTo("Invalid signature. Please check your Secret key.");
        RestClient.Reply otherType = alpha.http("PUT", "/files/storage/", body, Map.of("Accept", V7,
                "Content-Type", "text/plain", "X-Uploadcare-Date", date, "Authorization", bodySig));
        assertThat(otherType.detail()).isEqualTo("Invalid signature. Please check your Secret key.");
        RestClient.Reply same = alpha.http("PUT", "/files/storage/", body, Map.of("Accept", V7,
                "Content-Type", "application/json", "X-Uploadcare-Date", date, "Authorization", bodySig));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
    }

    @Test
    void simpleAuthWorksOverLoopbackByDefault() {
        RestClient.Reply r = alpha.simple("GET", "/project/", "", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void versionsFiveSixSevenAreAcceptedAndEchoed() {
        for (String v : new String[] {V5, V6, V7}) {
            RestClient.Reply r = alpha.signed("GET", "/project/", "", v);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo(v);
        }
        RestClient.Reply among = alpha.signed("GET", "/project/", "", "application/json, " + V7 + ";q=0.9, */*");
        assertThat(among.status()).isEqualTo(200);
        assertThat(among.contentType()).isEqualTo(V7);
    }

    @Test
    void otherAcceptHeadersAre406EvenBeforeAuthentication() {
        for (String accept : new String[] {"application/json", "application/vnd.uploadcare-v0.4+json", "*/*"}) {
            RestClient.Reply r = alpha.signed("GET", "/project/", "", accept);
            assertThat(r.status()).isEqualTo(406);
            assertThat(r.detail()).isEqualTo(NOT_ACCEPTABLE);
            assertThat(r.contentType()).isEqualTo(V7);
        }
        RestClient.Reply anonymous = alpha.http("GET", "/project/", "", Map.of());
        assertThat(anonymous.status()).isEqualTo(406);
        assertThat(anonymous.detail()).isEqualTo(NOT_ACCEPTABLE);
    }

    @Test
    void oversizedBodiesAre413() {
        String body = "[\"" + "a".repeat(RestApi.MAX_BODY) + "\"]";
        RestClient.Reply r = alpha.put("/files/storage/", body);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.detail()).contains("too large");
    }
}
