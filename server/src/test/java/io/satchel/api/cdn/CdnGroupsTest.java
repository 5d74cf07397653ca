package io.satchel.api.cdn;

import static io.satchel.api.cdn.CdnClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.satchel.testing.TestServer;
import io.satchel.testing.Uploader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CdnGroupsTest {
    private static final byte[] PNG = CdnClient.png();
    private static final String EVIL_NAME = "<img src=x onerror=alert(1)>.txt";

    private static TestServer server;
    private static CdnClient cdn;
    private static String text;
    private static String png;
    private static String evil;
    private static String group;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        cdn = new CdnClient(server);
        Uploader up = new Uploader(server);
        text = up.upload(TestServer.PUB, "first.txt", "first member", "1");
        png = up.upload(TestServer.PUB, "second.png", PNG, "1");
        evil = up.upload(TestServer.PUB, EVIL_NAME, "third member", "1");
        group = cdn.createGroup(TestServer.PUB, List.of(text, png + "/-/inline/no/", evil));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theNthMemberIsItsOriginal() {
        assertThat(group).endsWith("~3");
        HttpResponse<byte[]> first = cdn.get("/" + group + "/nth/0/");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("first member");
        assertThat(header(first, "ETag")).isEqualTo(header(cdn.get("/" + text + "/"), "ETag"));
        assertThat(header(first, "Content-Disposition")).isEqualTo("attachment; filename=\"first.txt\"; filename*=UTF-8''first.txt");
        HttpResponse<byte[]> named = cdn.get("/" + group.toUpperCase() + "/nth/2/renamed.txt");
        assertThat(new String(named.body(), StandardCharsets.UTF_8)).isEqualTo("third member");
        assertThat(header(named, "Content-Disposition")).contains("filename=\"renamed.txt\"");
        HttpResponse<byte[]> partial = cdn.get("/" + group + "/nth/0/", "Range", "bytes=0-4");
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(new String(partial.body(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void aMembersDefaultEffectsComeBeforeTheAddressOperations() {
        HttpResponse<byte[]> byDefault = cdn.get("/" + group + "/nth/1/");
        assertThat(byDefault.body()).isEqualTo(PNG);
        assertThat(header(byDefault, "Content-Disposition")).startsWith("attachment; ");
        assertThat(header(cdn.get("/" + group + "/nth/1/-/inline/yes/"), "Content-Disposition")).startsWith("inline; ");
        assertThat(header(cdn.get("/" + png + "/"), "Content-Disposition")).startsWith("inline; ");
    }

    @Test
    void membersOutOfRangeAndOtherGroupAddressesAreNotFound() {
        String uuid = group.substring(0, group.indexOf('~'));
        for (String path : new String[] {"/" + group + "/nth/3/", "/" + group + "/nth/-1/", "/" + group + "/nth/x/",
            "/" + group + "/nth/", "/" + uuid + "~2/", "/" + uuid + "~2/nth/0/", "/" + uuid + "~4/nth/3/",
            "/" + group + "/-/preview/", "/" + group + "/archive/zip/", "/" + group + "/list.html",
            "/00000000-0000-4000-8000-000000000000~1/", "/00000000-0000-4000-8000-000000000000~1/nth/0/"}) {
            assertThat(cdn.get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theGroupPageListsMembersSafely() {
        HttpResponse<byte[]> r = cdn.get("/" + group + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Content-Security-Policy")).contains("default-src 'none'").contains("sandbox");
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<a href=\"/" + group + "/nth/0/\">first.txt</a>")
                .contains("<a href=\"/" + group + "/nth/1/\">second.png</a>")
                .contains("&lt;img src=x onerror=alert(1)&gt;.txt")
                .doesNotContain("<img").doesNotContain("<script");
        assertThat(cdn.get("/" + group).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> head = cdn.head("/" + group + "/");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}
