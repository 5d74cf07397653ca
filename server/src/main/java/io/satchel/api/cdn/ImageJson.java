package io.satchel.api.cdn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Call;
import io.satchel.api.Json;
import io.satchel.delivery.Original;
import io.satchel.errors.Failure;
import io.satchel.imaging.Info;

/**
 * {@code -/json/} and {@code -/jsonp/}: the image information PROCESS recorded (spec §4.4), with the
 * file's uuid as {@code id}. It describes the original, whatever operations come before it.
 */
final class ImageJson {
    private ImageJson() {}

    static void send(Call call, Original o, Info info) {
        JsonNode content = Json.parse(o.file().contentInfo());
        JsonNode image = content == null ? null : content.get("image");
        if (image == null || !o.file().isImage()) {
            throw Failure.badRequest("NotAnImageError", "The file is not an image.");
        }
        ObjectNode body = Json.object();
        body.put("id", o.file().uuid());
        image.properties().forEach(e -> body.set(e.getKey(), e.getValue()));
        body.putNull("hash");
        body.putNull("blurhash");
        call.header("Cache-Control", o.cacheControl());
        switch (info) {
            case Info.Json j -> call.send(200, "application/json", Json.bytes(body));
            case Info.Jsonp j -> call.send(200, "application/javascript",
                    "uploadcare_callback(" + new String(Json.bytes(body), java.nio.charset.StandardCharsets.UTF_8) + ");");
            case Info.MainColors m -> throw Failure.badRequest("OperationNotSupportedError",
                    "main_colors is not available on this server yet.");
        }
    }
}
