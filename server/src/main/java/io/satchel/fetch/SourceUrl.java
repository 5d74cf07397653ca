package io.satchel.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax rules for a URL to fetch, in the order Uploadcare reports them: present, parseable, with an
 * http(s) scheme and a well-formed host. What comes out is the URL as it will be requested: scheme and
 * host in lower case, no user info (never sent), no fragment.
 */
final class SourceUrl {
    static final int MAX_LENGTH = 8192;
    private static final Pattern NO_HOST = Pattern.compile("(?i)https?://(/.*)?");

    private SourceUrl() {}

    static URI parse(String raw) throws FetchException {
        if (raw == null || raw.isBlank()) throw FetchError.SOURCE_URL_REQUIRED.exception();
        String s = escapeIllegal(raw.strip());
        if (s.length() > MAX_LENGTH) throw FetchError.URL_PARSING_FAILED.exception();
        if (NO_HOST.matcher(s).matches()) throw FetchError.URL_HOST_REQUIRED.exception();
        try {
            return check(new URI(s));
        } catch (URISyntaxException e) {
            throw FetchError.URL_PARSING_FAILED.exception();
        }
    }

    /** A redirect's {@code Location}, taken relative to the URL that answered with it. */
    static URI redirect(URI from, String location) throws FetchException {
        try {
            return check(from.resolve(new URI(escapeIllegal(location.strip()))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw FetchError.URL_PARSING_FAILED.exception();
        }
    }

    static URI check(URI uri) throws FetchException {
        if (uri.getScheme() == null) throw FetchError.URL_SCHEME_REQUIRED.exception();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw FetchError.URL_SCHEME_INVALID.exception();
        if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            throw FetchError.URL_HOST_REQUIRED.exception();
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw FetchError.URL_HOST_MALFORMED.exception();
        }
        StringBuilder out = new StringBuilder(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
        if (uri.getPort() > 0) out.append(':').append(uri.getPort());
        out.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) out.append('?').append(uri.getRawQuery());
        try {
            return new URI(out.toString());
        } catch (URISyntaxException e) {
            throw FetchError.URL_PARSING_FAILED.exception();
        }
    }

    /** Percent-encodes what people paste but URIs may not hold: spaces, non-ASCII, {@code "<>\^`{|}}. */
    static String escapeIllegal(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean illegal = c <= 0x20 || c >= 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0;
            if (!illegal) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? s : out.toString();
    }
}
