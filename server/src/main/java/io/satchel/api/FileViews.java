package io.satchel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.catalog.Times;
import io.satchel.files.StoredFile;
import io.satchel.groups.Group;
import java.net.URI;
import java.util.List;

/** How files and groups look on the wire: the Upload API's file info and REST's file object (spec §2.4, §3.4). */
public final class FileViews {
    private final String base;

    public FileViews(URI publicUrl) {
        String s = publicUrl.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String base() {
        return base;
    }

    /** The Upload API's upload-file-info object: every key present, nulls where unknown. */
    public ObjectNode uploadInfo(StoredFile f) {
        ObjectNode n = Json.object();
        n.put("size", f.size());
        n.put("total", f.size());
        n.put("done", f.size());
        n.put("uuid", f.uuid());
        n.put("file_id", f.uuid());
        n.put("original_filename", f.originalFilename());
        n.put("filename", f.filename());
        n.put("mime_type", f.mimeType());
        n.put("is_image", f.isImage());
        n.put("is_stored", f.isStored());
        n.put("is_ready", f.isReady());
        JsonNode info = Json.parse(f.contentInfo());
        n.set("image_info", info == null || !info.has("image") ? null : info.get("image"));
        n.putNull("video_info");
        n.set("content_info", info);
        n.set("metadata", metadata(f));
        return n;
    }

    /** REST's file object; {@code version} is the API version the client asked for (5, 6 or 7). */
    public ObjectNode restFile(StoredFile f, int version, boolean appdata) {
        ObjectNode n = Json.object();
        n.put("datetime_removed", Times.wire(f.datetimeRemoved()));
        n.put("datetime_stored", Times.wire(f.datetimeStored()));
        n.put("datetime_uploaded", Times.wire(f.datetimeUploaded()));
        n.put("is_image", f.isImage());
        n.put("is_ready", f.isReady());
        n.put("mime_type", f.mimeType());
        n.put("original_file_url", f.isRemoved() ? null : originalUrl(f));
        n.put("original_filename", f.originalFilename());
        n.put("size", f.size());
        n.put("url", base + "/files/" + f.uuid() + "/");
        n.put("uuid", f.uuid());
        n.putNull("variations");
        JsonNode info = Json.parse(f.contentInfo());
        n.set("content_info", info);
        n.set("metadata", metadata(f));
        if (appdata) n.putObject("appdata");
        if (version < 7) {
            n.set("image_info", info == null || !info.has("image") ? null : info.get("image"));
            n.putNull("video_info");
            n.putNull("rekognition_info");
            n.put("source", f.source());
        }
        return n;
    }

    public String originalUrl(StoredFile f) {
        return base + "/" + f.uuid() + "/" + f.filename();
    }

    public String groupCdnUrl(Group g) {
        return base + "/" + g.id() + "/";
    }

    public String groupApiUrl(Group g) {
        return base + "/groups/" + g.id() + "/";
    }

    /** A group with its members rendered by {@code member} (null for removed files), plus {@code default_effects}. */
    public ObjectNode group(Group g, List<StoredFile> files, java.util.function.Function<StoredFile, ObjectNode> member) {
        ObjectNode n = groupSummary(g);
        var arr = n.putArray("files");
        for (int i = 0; i < g.members().size(); i++) {
            StoredFile f = files.get(i);
            if (f == null) {
                arr.addNull();
            } else {
                ObjectNode m = member.apply(f);
                m.put("default_effects", g.members().get(i).defaultEffects());
                arr.add(m);
            }
        }
        return n;
    }

    public ObjectNode groupSummary(Group g) {
        ObjectNode n = Json.object();
        n.put("id", g.id());
        n.put("datetime_created", Times.wire(g.datetimeCreated()));
        n.put("datetime_stored", Times.wire(g.datetimeStored()));
        n.put("files_count", g.filesCount());
        n.put("cdn_url", groupCdnUrl(g));
        n.put("url", groupApiUrl(g));
        return n;
    }

    private static ObjectNode metadata(StoredFile f) {
        ObjectNode m = Json.object();
        f.metadata().forEach(m::put);
        return m;
    }
}
