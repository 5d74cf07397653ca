package io.satchel.api.rest;

import io.satchel.api.Json;
import io.satchel.projects.Project;
import java.util.List;

/** {@code GET /project/}: the authenticated project. Satchel has no collaborators, so the list is empty. */
final class ProjectResource {
    private ProjectResource() {}

    static Endpoint route(List<String> s) {
        return s.isEmpty() ? Endpoint.on("GET", ProjectResource::show) : null;
    }

    private static void show(RestRequest r) {
        Project p = r.project();
        var body = Json.object();
        body.putArray("collaborators");
        body.put("name", p.name());
        body.put("pub_key", p.publicKey());
        body.put("autostore_enabled", p.autostore());
        r.ok(body);
    }
}
