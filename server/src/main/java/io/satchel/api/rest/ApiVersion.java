package io.satchel.api.rest;

import io.satchel.errors.Failure;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST version a client asked for in {@code Accept}, and the media type its answers carry. */
final class ApiVersion {
    static final int CURRENT = 7;
    static final String NOT_ACCEPTABLE = "Incorrect Accept header provided. Make sure to specify API version."
            + " Refer to REST API docs for details.";
    private static final Pattern MEDIA = Pattern.compile("application/vnd\\.uploadcare-v0\\.([567])\\+json");

    private ApiVersion() {}

    /** The highest of 0.5, 0.6, 0.7 among the listed media types (parameters ignored); else 406. */
    static int negotiate(String accept) {
        int best = 0;
        if (accept != null) {
            for (String range : accept.split(",")) {
                int semicolon = range.indexOf(';');
                String type = (semicolon < 0 ? range : range.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
                Matcher m = MEDIA.matcher(type);
                if (m.matches()) best = Math.max(best, Integer.parseInt(m.group(1)));
            }
        }
        if (best == 0) throw new Failure(Failure.Category.NOT_ACCEPTABLE, "NotAcceptable", NOT_ACCEPTABLE);
        return best;
    }

    /** Exactly this string, without parameters: JS-RC rejects a {@code ; charset} suffix. */
    static String contentType(int version) {
        return "application/vnd.uploadcare-v0." + version + "+json";
    }
}
