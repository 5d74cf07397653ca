package io.satchel.api.rest;

import io.satchel.api.Call;
import io.satchel.config.Settings.SimpleAuthOverHttp;
import io.satchel.errors.Failure;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * REST authentication (spec §3.1): {@code Uploadcare.Simple pub:secret}, or {@code Uploadcare pub:sig}
 * with sig = hex HMAC-SHA1(secret, sign string) and a date within 15 minutes of our clock.
 */
final class RestAuth {
    static final String NOT_PROVIDED = "Authentication credentials were not provided.";
    static final String INCORRECT = "Incorrect authentication credentials.";
    static final String BAD_SIGNATURE = "Invalid signature. Please check your Secret key.";
    static final String SIMPLE_OVER_HTTP = "Simple authentication over HTTP is forbidden. Please, use HTTPS or"
            + " signed requests instead.";
    static final String STALE_DATE = "Date should be within 0:15:00 of our server time";
    static final Duration SKEW = Duration.ofMinutes(15);
    private static final Pattern PY_DATE = Pattern.compile("^([A-Za-z]{3}),\\s*(\\d{1,2} [A-Za-z]{3} \\d{4}),");

    private final Projects projects;
    private final SimpleAuthOverHttp simpleOverHttp;
    private final Clock clock;

    RestAuth(Projects projects, SimpleAuthOverHttp simpleOverHttp, Clock clock) {
        this.projects = projects;
        this.simpleOverHttp = simpleOverHttp;
        this.clock = clock;
    }

    Project authenticate(Call call, byte[] body) {
        String header = call.header("Authorization");
        if (header == null || header.isBlank()) throw Failure.unauthorized(NOT_PROVIDED);
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0) throw Failure.unauthorized(INCORRECT);
        String scheme = h.substring(0, space);
        String param = h.substring(space + 1).trim();
        int colon = param.indexOf(':');
        if (colon <= 0 || colon == param.length() - 1) throw Failure.unauthorized(INCORRECT);
        String publicKey = param.substring(0, colon);
        String credential = param.substring(colon + 1);
        if (scheme.equals("Uploadcare.Simple")) {
            if (!simpleAllowed(simpleOverHttp, call.viaHttps(), call.fromLoopback())) {
                throw Failure.badRequest("AuthenticationError", SIMPLE_OVER_HTTP);
            }
            Project p = project(publicKey);
            if (!same(credential, p.secretKey())) throw Failure.unauthorized(INCORRECT);
            return p;
        }
        if (scheme.equals("Uploadcare")) {
            Project p = project(publicKey);
            String date = call.header("X-Uploadcare-Date");
            if (date == null) date = call.header("Date");
            Instant sent = parseDate(date);
            if (sent == null || Duration.between(sent, clock.instant()).abs().compareTo(SKEW) > 0) {
                throw Failure.badRequest("AuthenticationError", STALE_DATE);
            }
            String query = call.rawQuery();
            String uri = query == null || query.isEmpty() ? call.rawPath() : call.rawPath() + "?" + query;
            String expected = sign(p.secretKey(), signString(call.method(), body, call.header("Content-Type"), date, uri));
            if (!same(credential.toLowerCase(Locale.ROOT), expected)) throw Failure.unauthorized(BAD_SIGNATURE);
            return p;
        }
        throw Failure.unauthorized(INCORRECT);
    }

    /** The secret in clear is fine over HTTPS; over plain HTTP the setting decides. */
    static boolean simpleAllowed(SimpleAuthOverHttp mode, boolean https, boolean loopback) {
        if (https) return true;
        return switch (mode) {
            case NEVER -> false;
            case LOOPBACK -> loopback;
            case ALWAYS -> true;
        };
    }

    /** METHOD, MD5 of the body, Content-Type as sent, date as sent, path?query — joined by LF. */
    static String signString(String method, byte[] body, String contentType, String date, String uri) {
        return String.join("\n", method, md5Hex(body), contentType == null ? "" : contentType, date, uri);
    }

    static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String secret, String signString) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(signString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 1123 with {@code GMT} (JS) or {@code +0000} (Java), and Python's variant with a comma after the
     * year; null when absent or unreadable.
     */
    static Instant parseDate(String date) {
        if (date == null || date.isBlank()) return null;
        String normal = PY_DATE.matcher(date.trim()).replaceFirst("$1, $2");
        try {
            return ZonedDateTime.parse(normal, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Project project(String publicKey) {
        return projects.byPublicKey(publicKey)
                .orElseThrow(() -> Failure.unauthorized("Public key " + publicKey + " not found."));
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
