package io.satchel.api.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.Json;
import io.satchel.catalog.Times;
import io.satchel.projects.Project;

/** A project as the admin API and the CLI print it (spec/satchel.md). */
public final class ProjectView {
    private ProjectView() {}

    public static ObjectNode of(Project p) {
        ObjectNode n = Json.object();
        n.put("name", p.name());
        n.put("public_key", p.publicKey());
        n.put("secret_key", p.secretKey());
        n.put("autostore", p.autostore());
        n.put("signed_uploads", p.signedUploads());
        n.put("secure_delivery", p.secureDelivery());
        if (p.maxUploadBytes() == null) n.putNull("max_upload_bytes"); else n.put("max_upload_bytes", p.maxUploadBytes());
        var mimes = n.putArray("allowed_mime_types");
        p.allowedMimeTypes().forEach(mimes::add);
        var eager = n.putArray("eager_variants");
        p.eagerVariants().forEach(eager::add);
        n.put("created_at", Times.wire(p.createdAt()));
        return n;
    }
}
