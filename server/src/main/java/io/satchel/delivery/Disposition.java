package io.satchel.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a browser should treat a delivered file (spec §4.5): raster images inline, everything else as
 * an attachment, {@code -/inline/yes|no/} overriding. Active content — markup and script a browser
 * would run in our origin — is never inline unless asked for explicitly, and is always sandboxed.
 */
public record Disposition(boolean inline, boolean active) {
    /** Sent with active content: no script, no plug-ins, no outside fetches; inline styles and data images only. */
    public static final String SANDBOX = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/xml", "application/xml", "text/xsl", "application/xslt+xml", "text/javascript",
            "application/javascript", "application/x-javascript", "application/ecmascript", "text/ecmascript",
            "application/x-shockwave-flash", "application/vnd.wap.xhtml+xml", "multipart/x-mixed-replace");
    private static final int MAX_NAME = 255;

    public static Disposition of(String mimeType, Optional<Boolean> inlineAsked) {
        String mime = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT).trim();
        boolean active = isActive(mime);
        boolean byDefault = mime.startsWith("image/") && !active;
        return new Disposition(inlineAsked.orElse(byDefault), active);
    }

    static boolean isActive(String mime) {
        return ACTIVE.contains(mime) || mime.endsWith("+xml");
    }

    /**
     * The {@code Content-Disposition} value naming {@code filename} (or {@code fallback} when it cleans
     * to nothing): an ASCII-only quoted {@code filename} for old clients and the exact name as
     * {@code filename*} (RFC 6266, RFC 8187).
     */
    public String header(String filename, String fallback) {
        String name = clean(filename);
        if (name.isEmpty()) name = clean(fallback);
        if (name.isEmpty()) name = "file";
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii(name) + "\"; filename*=UTF-8''" + encoded(name);
    }

    /** No control or bidi/format characters (they spoof extensions), no path separators, bounded length. */
    static String clean(String name) {
        if (name == null) return "";
        StringBuilder out = new StringBuilder();
        name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                        && c != 0x2028 && c != 0x2029 && c != '/' && c != '\\')
                .limit(MAX_NAME)
                .forEach(out::appendCodePoint);
        String s = out.toString().strip();
        return s.equals(".") || s.equals("..") ? "" : s;
    }

    /** Printable ASCII without quote, backslash or percent (some agents decode it); others become {@code _}. */
    static String ascii(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
        return out.toString();
    }

    /** RFC 8187 {@code value-chars}: attr-char kept, every other UTF-8 byte as {@code %XX}. */
    static String encoded(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) out.append((char) c);
            else out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
