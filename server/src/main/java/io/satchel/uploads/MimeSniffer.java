package io.satchel.uploads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/** The MIME type of a file from its first bytes (magic numbers first, the file name as a tie-breaker). */
public final class MimeSniffer {
    /** Raster formats Satchel treats as images ({@code is_image}); SVG is active content and is not one. */
    private static final Set<String> IMAGES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp",
            "image/avif", "image/heic", "image/heif", "image/tiff", "image/bmp", "image/x-ms-bmp",
            "image/vnd.zbrush.pcx", "image/x-pcx", "image/x-tga", "image/x-targa");

    private final MimeTypes types = MimeTypes.getDefaultMimeTypes();

    public String sniff(byte[] head, String filename) {
        Metadata metadata = new Metadata();
        if (filename != null && !filename.isBlank()) metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        try {
            MediaType type;
            try (TikaInputStream stream = TikaInputStream.get(new ByteArrayInputStream(head))) {
                type = types.detect(stream, metadata, new ParseContext());
            }
            return type.getBaseType().toString();
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    public static boolean isImage(String mime) {
        return IMAGES.contains(mime);
    }
}
