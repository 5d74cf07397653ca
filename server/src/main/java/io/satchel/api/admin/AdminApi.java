package io.satchel.api.admin;

import io.satchel.api.Call;
import io.satchel.projects.Projects;

/** {@code /admin/projects}: the admin commands over HTTP, behind the admin bearer token. */
public final class AdminApi {
    private final Projects projects;
    private final String token;

    public AdminApi(Projects projects, String token) {
        this.projects = projects;
        this.token = token;
    }

    public boolean handle(Call call) {
        return false;
    }
}
