package io.satchel.api.upload;

import io.satchel.api.Call;
import io.satchel.api.Json;
import io.satchel.api.Params;
import io.satchel.errors.Failure;

/**
 * Upload API errors (spec §2.6): the HTTP status with the message as plain text, or — when the client
 * sent {@code jsonerrors=1}, as the JS client always does — HTTP 200 with
 * {@code {"error": {"content", "status_code", "error_code"}}}, because browser transports reject any
 * other status before reading the body.
 */
final class UploadErrors {
    private UploadErrors() {}

    static void send(Call call, Params params, Failure f) {
        if (call.isSent()) return;
        if (f.category() == Failure.Category.THROTTLED) call.header("Retry-After", "15");
        if ("1".equals(params.get("jsonerrors"))) {
            var body = Json.object();
            var error = body.putObject("error");
            error.put("content", f.getMessage());
            error.put("status_code", f.status());
            error.put("error_code", f.code());
            call.send(200, "application/json", Json.bytes(body));
        } else {
            call.send(f.status(), "text/plain; charset=utf-8", f.getMessage());
        }
    }
}
