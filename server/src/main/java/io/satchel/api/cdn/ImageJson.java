package io.satchel.api.cdn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Call;
import io.satchel.api.Json;
import io.satchel.delivery.Original;
import io.satchel.errors.Failure;
import io.satchel.imaging.Imaging;
import io.satchel.imaging.Info;
import io.satchel.imaging.TransformChain;

/**
 * {@code -/json/}, {@code -/jsonp/} and {@code -/main_colors/}: the image information PROCESS recorded
 * (spec §4.4), with the file's uuid as {@code id}. When the chain is processed (it has a core operation),
 * {@code json} describes the result of the operations before it: {@code width} and {@code height} are
 * the result's, and {@code orientation} is null once the EXIF orientation has been applied (the result
 * is upright and carries none); the other fields are the original's, as the result is made from it.
 * Without a core operation the operations are ignored (spec §4.1) and the original is described.
 */
final class ImageJson {
    private ImageJson() {}

    static void send(Call call, Original o, Info info, Imaging imaging, TransformChain chain, Imaging.FileFinder files)
            throws java.io.IOException {
        JsonNode content = Json.parse(o.file().contentInfo());
        JsonNode image = content == null ? null : content.get("image");
        if (image == null || !o.file().isImage()) {
            throw Failure.badRequest("NotAnImageError", "The file is not an image.");
        }
        ObjectNode body = Json.object();
        body.put("id", o.file().uuid());
        image.properties().forEach(e -> body.set(e.getKey(), e.getValue()));
        if (!(info instanceof Info.MainColors) && chain.needsProcessing()) describeResult(body, o, imaging, chain, files);
        body.putNull("hash");
        body.putNull("blurhash");
        call.header("Cache-Control", o.cacheControl());
        switch (info) {
            case Info.Json j -> call.send(200, "application/json", Json.bytes(body));
            case Info.Jsonp j -> call.send(200, "application/javascript",
                    "uploadcare_callback(" + new String(Json.bytes(body), java.nio.charset.StandardCharsets.UTF_8) + ");");
            case Info.MainColors m -> call.send(200, "application/json", Json.bytes(mainColors(o, image, m, imaging, chain)));
        }
    }

    /** The result's size in place of the original's; an image too large to process is served, and described, as it is. */
    private static void describeResult(ObjectNode body, Original o, Imaging imaging, TransformChain chain,
                                       Imaging.FileFinder files) throws java.io.IOException {
        java.util.Optional<io.satchel.imaging.ImageEngine.Size> size;
        try {
            size = imaging.size(o.file(), chain, files);
        } catch (Failure | java.io.IOException e) {
            throw e;
        } catch (Exception e) {
            throw new java.io.IOException(e);
        }
        if (size.isEmpty()) return;
        body.put("width", size.get().width());
        body.put("height", size.get().height());
        if (chain.autorotate()) body.putNull("orientation");
    }

    /** {@code {"width","height","id","main_colors":[[r,g,b],…],"original":{…}}} (spec §4.4). */
    private static ObjectNode mainColors(Original o, JsonNode image, Info.MainColors m, Imaging imaging, TransformChain chain)
            throws java.io.IOException {
        byte[] colours;
        try {
            colours = imaging.mainColors(o.file(), chain, m.count())
                    .orElseThrow(() -> Failure.badRequest("ImageTooLargeError", "The image is too large to process."));
        } catch (Failure | java.io.IOException e) {
            throw e;
        } catch (Exception e) {
            throw new java.io.IOException(e);
        }
        ObjectNode body = Json.object();
        body.set("width", image.get("width"));
        body.set("height", image.get("height"));
        body.put("id", "/" + o.file().uuid() + "/-/preview/");
        body.set("main_colors", Json.MAPPER.readTree(colours));
        ObjectNode original = body.putObject("original");
        for (String field : new String[] {"width", "height", "format", "orientation", "geo_location", "datetime_original"}) {
            original.set(field, image.get(field));
        }
        original.put("id", o.file().uuid());
        return body;
    }
}
