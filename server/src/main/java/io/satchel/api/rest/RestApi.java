package io.satchel.api.rest;

import io.satchel.api.Call;
import io.satchel.api.FileViews;
import io.satchel.config.Settings.SimpleAuthOverHttp;
import io.satchel.errors.Failure;
import io.satchel.files.Files;
import io.satchel.groups.Groups;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * REST API v0.7 (spec §3). Gate order, as Uploadcare's REST framework does it: unknown path 404, then
 * {@code Accept} 406, then authentication, then method 405.
 */
public final class RestApi {
    /** Bodies are JSON lists of at most 100 uuids or one metadata value; the cap bounds the MD5 read. */
    static final int MAX_BODY = 1024 * 1024;

    private final RestAuth auth;
    private final FilesResource files;
    private final GroupsResource groups;

    public RestApi(Projects projects, Files files, Groups groups, FileViews views, SimpleAuthOverHttp simpleAuth, Clock clock) {
        this.auth = new RestAuth(projects, simpleAuth, clock);
        this.files = new FilesResource(files, views);
        this.groups = new GroupsResource(groups, views);
    }

    /** Answers every path under the REST prefixes; unknown ones get 404 {@code {"detail":"Not found."}}. */
    public boolean handle(Call call) {
        int version = ApiVersion.CURRENT;
        try {
            Endpoint endpoint = route(call.segments());
            if (endpoint == null) throw RestErrors.notFound();
            version = ApiVersion.negotiate(call.header("Accept"));
            byte[] body = body(call);
            Project project = auth.authenticate(call, body);
            Endpoint.Action action = endpoint.action(call.method());
            if (action == null) {
                call.header("Allow", endpoint.allow());
                throw RestErrors.methodNotAllowed(call.method());
            }
            action.run(new RestRequest(call, version, project, body));
        } catch (Failure f) {
            RestErrors.send(call, version, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private Endpoint route(List<String> s) {
        List<String> rest = s.subList(1, s.size());
        return switch (s.get(0)) {
            case "files" -> files.route(rest);
            case "groups" -> groups.route(rest);
            case "project" -> ProjectResource.route(rest);
            default -> null; // webhooks, addons, convert: not offered yet
        };
    }

    private static byte[] body(Call call) throws IOException {
        try {
            return call.smallBody(MAX_BODY);
        } catch (Call.BodyTooLarge e) {
            throw Failure.tooLarge("RequestTooLarge", "Request body is too large. The limit is " + MAX_BODY + " bytes.");
        }
    }
}
