package io.satchel.errors;

/**
 * An error a feature raises, as a value: a category that maps to an HTTP status, the Uploadcare
 * {@code error_code} where the protocol has one, and the message clients see. The protocol adapters
 * render it in their own shape (Upload API text or {@code jsonerrors}, REST {@code {"detail"}}).
 */
public final class Failure extends RuntimeException {

    public enum Category {
        BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), METHOD_NOT_ALLOWED(405),
        NOT_ACCEPTABLE(406), CONFLICT(409), GONE(410), TOO_LARGE(413), UNSUPPORTED_MEDIA_TYPE(415),
        THROTTLED(429), INTERNAL(500), UNAVAILABLE(503);

        public final int status;

        Category(int status) {
            this.status = status;
        }
    }

    private final Category category;
    private final String code;

    public Failure(Category category, String code, String message) {
        super(message, null, false, false);
        this.category = category;
        this.code = code;
    }

    public Category category() {
        return category;
    }

    public int status() {
        return category.status;
    }

    /** Uploadcare's error code, e.g. {@code FileNotFoundError}; never null. */
    public String code() {
        return code;
    }

    public static Failure badRequest(String code, String message) {
        return new Failure(Category.BAD_REQUEST, code, message);
    }

    public static Failure forbidden(String code, String message) {
        return new Failure(Category.FORBIDDEN, code, message);
    }

    public static Failure notFound(String code, String message) {
        return new Failure(Category.NOT_FOUND, code, message);
    }

    public static Failure unauthorized(String message) {
        return new Failure(Category.UNAUTHORIZED, "AuthenticationError", message);
    }

    public static Failure tooLarge(String code, String message) {
        return new Failure(Category.TOO_LARGE, code, message);
    }

    /** {@code "%s is required."} with Uploadcare's code for a missing parameter. */
    public static Failure required(String param) {
        return badRequest("RequestParamRequiredError", param + " is required.");
    }
}
