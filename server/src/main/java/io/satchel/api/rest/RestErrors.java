package io.satchel.api.rest;

import io.satchel.api.Call;
import io.satchel.api.Json;
import io.satchel.errors.Failure;

/** REST errors (spec §3.2): the status with {@code {"detail": "<text>"}} in the negotiated media type. */
final class RestErrors {
    static final String NOT_FOUND = "Not found.";

    private RestErrors() {}

    static Failure notFound() {
        return Failure.notFound("NotFound", NOT_FOUND);
    }

    static Failure badRequest(String detail) {
        return Failure.badRequest("BadRequest", detail);
    }

    static Failure methodNotAllowed(String method) {
        return new Failure(Failure.Category.METHOD_NOT_ALLOWED, "MethodNotAllowed", "Method \"" + method + "\" not allowed.");
    }

    static void send(Call call, int version, Failure f) {
        if (call.isSent()) return;
        var body = Json.object();
        body.put("detail", f.getMessage());
        call.send(f.status(), ApiVersion.contentType(version), Json.bytes(body));
    }
}
