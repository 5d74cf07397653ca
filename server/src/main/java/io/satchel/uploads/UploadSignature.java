package io.satchel.uploads;

import io.satchel.errors.Failure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed uploads (spec §2.7): {@code signature = hex(HMAC-SHA256(secret, expire))}, or the legacy
 * {@code hex(MD5(secret + expire))}; {@code expire} is Unix seconds. Comparisons are constant-time.
 */
public final class UploadSignature {
    /** Ten digits reach the year 2286; a longer number is milliseconds, the classic mistake. */
    private static final long MAX_SECONDS = 9_999_999_999L;

    private UploadSignature() {}

    public static void verify(String secret, String signature, String expire, Instant now) {
        if (signature == null || signature.isEmpty()) {
            throw Failure.badRequest("SignatureRequiredError", "`signature` is required.");
        }
        if (expire == null || expire.isEmpty()) {
            throw Failure.badRequest("SignatureExpirationRequiredError", "`expire` is required.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(expire.trim());
        } catch (NumberFormatException e) {
            throw invalidExpire();
        }
        if (seconds < 0 || seconds > MAX_SECONDS) throw invalidExpire();
        if (seconds < now.getEpochSecond()) {
            throw Failure.forbidden("SignatureExpirationError", "Expired signature.");
        }
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        String message = expire.trim();
        if (!MessageDigest.isEqual(given, hmacSha256(secret, message).getBytes(StandardCharsets.US_ASCII))
                & !MessageDigest.isEqual(given, md5(secret + message).getBytes(StandardCharsets.US_ASCII))) {
            throw Failure.forbidden("SignatureInvalidError", "Invalid signature.");
        }
    }

    public static String hmacSha256(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Failure invalidExpire() {
        return Failure.badRequest("SignatureExpirationInvalidError", "`expire` must be a UNIX timestamp.");
    }
}
