package io.satchel.api.rest;

import io.satchel.api.Call;
import io.satchel.api.FileViews;
import io.satchel.config.Settings.SimpleAuthOverHttp;
import io.satchel.files.Files;
import io.satchel.groups.Groups;
import io.satchel.projects.Projects;
import java.time.Clock;

/** REST API v0.7 (spec §3). */
public final class RestApi {
    private final Projects projects;
    private final Files files;
    private final Groups groups;
    private final FileViews views;
    private final SimpleAuthOverHttp simpleAuth;
    private final Clock clock;

    public RestApi(Projects projects, Files files, Groups groups, FileViews views, SimpleAuthOverHttp simpleAuth, Clock clock) {
        this.projects = projects;
        this.files = files;
        this.groups = groups;
        this.views = views;
        this.simpleAuth = simpleAuth;
        this.clock = clock;
    }

    public boolean handle(Call call) {
        return false;
    }
}
