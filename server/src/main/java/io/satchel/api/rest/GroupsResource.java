package io.satchel.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.FileViews;
import io.satchel.groups.Group;
import io.satchel.groups.Groups;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /groups/…}: the list of short groups, one group with its files, deleting, and v0.6 storing. */
final class GroupsResource {
    private final Groups groups;
    private final FileViews views;

    GroupsResource(Groups groups, FileViews views) {
        this.groups = groups;
        this.views = views;
    }

    /** The endpoint for the path after {@code groups}, or null. */
    Endpoint route(List<String> s) {
        if (s.isEmpty()) return Endpoint.on("GET", this::list);
        String id = s.get(0).toLowerCase(Locale.ROOT);
        if (!Groups.GROUP_ID.matcher(id).matches()) return null;
        if (s.size() == 1) {
            return Endpoint.on("GET", r -> r.ok(render(r, find(r, id))))
                    .and("DELETE", r -> delete(r, id));
        }
        if (s.size() == 2 && s.get(1).equals("storage")) {
            return Endpoint.on("PUT", r -> r.ok(render(r, groups.store(find(r, id))))); // v0.6 saveGroup
        }
        return null;
    }

    private void list(RestRequest r) {
        Pagination.Request p = Pagination.parse(r.query(), "datetime_created");
        long project = r.projectId();
        Pagination.Page<Group> page = Pagination.page(p,
                (from, to, limit) -> groups.list(project, from, to, p.descending(), limit), Group::datetimeCreated);
        r.ok(Pagination.envelope(page, p, views.base() + "/groups/", Map.of(), groups.count(project),
                Group::datetimeCreated, views::groupSummary));
    }

    /** Deletes the group record only; its files stay. */
    private void delete(RestRequest r, String id) {
        if (!groups.delete(r.projectId(), id)) throw RestErrors.notFound();
        r.noContent();
    }

    private Group find(RestRequest r, String id) {
        return groups.find(r.projectId(), id).orElseThrow(RestErrors::notFound);
    }

    private ObjectNode render(RestRequest r, Group g) {
        return views.group(g, groups.memberFiles(g), f -> views.restFile(f, r.version(), false));
    }
}
