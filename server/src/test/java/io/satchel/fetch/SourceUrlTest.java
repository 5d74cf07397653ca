package io.satchel.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Fetcher#check}: the URL rules in Uploadcare's order and the host's addresses against the default
 * guard. Names resolve through a table here, never through DNS, and nothing is connected to.
 */
class SourceUrlTest {
    private static final Map<String, String[]> NAMES = Map.of(
            "example.com", new String[] {"93.184.216.34"},
            "internal.example", new String[] {"10.1.2.3"},
            "mixed.example", new String[] {"93.184.216.34", "127.0.0.1"},
            "v6.example", new String[] {"2606:4700:4700::1111"});
    private static final Fetcher FETCHER = new Fetcher(FetchLimits.of(Duration.ofSeconds(5), 5), AddressGuard.publicOnly(),
            SourceUrlTest::resolve);

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] literals = NAMES.get(host);
        if (literals == null) throw new UnknownHostException(host);
        InetAddress[] out = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) out[i] = InetAddress.ofLiteral(literals[i]);
        return out;
    }

    @AfterAll
    static void close() {
        FETCHER.close();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missing(String url) {
        refused(url, FetchError.SOURCE_URL_REQUIRED, "source_url is required.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::1/", "http://example.com/%zz", "http://exa%mple.com/"})
    void unparseable(String url) {
        refused(url, FetchError.URL_PARSING_FAILED, "Failed to parse URL.");
    }

    @Test
    void overlongUrlIsUnparseable() {
        refused("http://example.com/" + "a".repeat(SourceUrl.MAX_LENGTH), FetchError.URL_PARSING_FAILED, "Failed to parse URL.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/a.png", "//example.com/a.png", "/a.png"})
    void noScheme(String url) {
        refused(url, FetchError.URL_SCHEME_REQUIRED, "No URL scheme supplied.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)", "gopher://example.com/",
            "localhost:8080/a", "data:text/plain,hi"})
    void otherSchemes(String url) {
        refused(url, FetchError.URL_SCHEME_INVALID, "Invalid URL scheme.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "https://", "http:///a.png", "https:example.com", "http:?q"})
    void noHost(String url) {
        refused(url, FetchError.URL_HOST_REQUIRED, "No URL host supplied.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://exa_mple.com/", "http://-bad-.com/", "http://example.com:99999/", "http://example.com:0/",
            "http://exa mple.com/", "http://пример.рф/",
            "http://example.com:port/", "http://127.1/"})
    void malformedHost(String url) {
        refused(url, FetchError.URL_HOST_MALFORMED, "URL host is malformed.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://nowhere.invalid/", "http://example.org/"})
    void unknownHost(String url) {
        refused(url, FetchError.HOSTNAME_NOT_FOUND, "Host does not exist.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://internal.example/", "http://mixed.example/a.png", "http://127.0.0.1/", "http://10.0.0.1/",
            "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::127.0.0.1]/", "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/", "http://100.64.0.1/", "http://[fe80::1]/", "http://[fc00::1]/", "http://224.0.0.1/",
            "http://255.255.255.255/", "http://0.0.0.0/", "http://2130706433/", "http://[64:ff9b::a00:1]/",
            "http://[2002:c0a8:101::]/", "http://user@127.0.0.1/", "http://example.com@127.0.0.1/"})
    void nonPublicAddresses(String url) {
        refused(url, FetchError.PRIVATE_IP_FORBIDDEN, "Only public IPs are allowed.");
    }

    @ParameterizedTest
    @CsvSource({
            "HTTP://Example.COM/a.png, http://example.com/a.png",
            "https://user:secret@example.com:8443/a b/ü.png?x=1&y=ä#top, https://example.com:8443/a%20b/%C3%BC.png?x=1&y=%C3%A4",
            "http://example.com, http://example.com/",
            "http://example.com?q=1, http://example.com/?q=1",
            "  http://v6.example/x  , http://v6.example/x",
            "http://[2606:4700:4700::1111]:8080/, http://[2606:4700:4700::1111]:8080/",
            "http://93.184.216.34/, http://93.184.216.34/"})
    void publicUrlsComeOutNormalised(String url, String expected) throws FetchException {
        assertThat(FETCHER.check(url)).hasToString(expected);
    }

    private static void refused(String url, FetchError error, String message) {
        assertThatThrownBy(() -> FETCHER.check(url))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.code()).isEqualTo(error.code());
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
