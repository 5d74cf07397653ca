package io.satchel.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.api.FileViews;
import io.satchel.api.Json;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.FileQuery;
import io.satchel.files.Files;
import io.satchel.files.StoredFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code /files/…}: the list, one file, storing and removing one or many (spec §3.3, legacy §3.9). */
final class FilesResource {
    static final Pattern UUID = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX_BATCH = 100;
    static final String MISSING = "Missing in the project";
    static final String INVALID = "Invalid";

    private final Files files;
    private final FileViews views;
    private final MetadataResource metadata;

    FilesResource(Files files, FileViews views) {
        this.files = files;
        this.views = views;
        this.metadata = new MetadataResource(files);
    }

    /** The endpoint for the path after {@code files}, or null for a path this adapter does not know. */
    Endpoint route(List<String> s) {
        if (s.isEmpty()) return Endpoint.on("GET", this::list);
        String first = s.get(0);
        if (first.equals("storage") && s.size() == 1) {
            return Endpoint.on("PUT", r -> batch(r, true)).and("DELETE", r -> batch(r, false));
        }
        if (!UUID.matcher(first).matches()) return null;
        String uuid = first.toLowerCase(Locale.ROOT);
        if (s.size() == 1) {
            return Endpoint.on("GET", r -> r.ok(render(r, find(r, uuid))))
                    .and("DELETE", r -> r.ok(render(r, remove(r, uuid)))); // v0.6 deleteFile
        }
        return switch (s.get(1)) {
            case "storage" -> s.size() != 2 ? null
                    : Endpoint.on("PUT", r -> r.ok(render(r, files.store(r.projectId(), uuid))))
                            .and("DELETE", r -> r.ok(render(r, remove(r, uuid))));
            case "metadata" -> metadata.route(uuid, s.subList(2, s.size()));
            default -> null;
        };
    }

    private void list(RestRequest r) {
        boolean removed = Pagination.bool(r.query(), "removed", false);
        Boolean stored = Pagination.bool(r.query(), "stored", null);
        Pagination.Request p = Pagination.parse(r.query(), "datetime_uploaded");
        FileCatalog catalog = files.catalog();
        long project = r.projectId();
        Pagination.Page<StoredFile> page = Pagination.page(p, (from, to, limit) -> catalog.list(
                new FileQuery(project, removed, stored, from, to, p.descending(), limit, 0)), StoredFile::datetimeUploaded);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("removed", String.valueOf(removed));
        if (stored != null) filters.put("stored", String.valueOf(stored));
        if (r.includeAppdata()) filters.put("include", "appdata");
        long total = catalog.count(new FileQuery(project, removed, stored, null, null, p.descending(), 0, 0));
        ObjectNode body = Pagination.envelope(page, p, views.base() + "/files/", filters, total,
                StoredFile::datetimeUploaded, f -> render(r, f));
        ObjectNode totals = body.putObject("totals");
        catalog.totals(project).forEach(totals::put);
        r.ok(body);
    }

    /** {@code PUT|DELETE /files/storage/}: a JSON array of up to 100 uuids; per-uuid problems, never all-or-nothing. */
    private void batch(RestRequest r, boolean store) {
        ObjectNode problems = Json.object();
        var result = Json.MAPPER.createArrayNode();
        for (String given : uuidList(r.json())) {
            if (!UUID.matcher(given).matches()) {
                problems.put(given, INVALID);
                continue;
            }
            String uuid = given.toLowerCase(Locale.ROOT);
            Optional<StoredFile> f = files.find(r.projectId(), uuid);
            if (f.isEmpty() || (store && f.get().isRemoved())) {
                problems.put(given, MISSING);
                continue;
            }
            try {
                StoredFile done = store ? files.store(r.projectId(), uuid) : remove(r, uuid);
                result.add(render(r, done));
            } catch (Failure gone) {
                problems.put(given, MISSING); // removed between the look-up and the change
            }
        }
        ObjectNode body = Json.object();
        body.put("status", "ok");
        body.set("problems", problems);
        body.set("result", result);
        r.ok(body);
    }

    private static List<String> uuidList(JsonNode json) {
        if (json == null || !json.isArray()) throw RestErrors.badRequest("Expected list of UUIDs");
        if (json.isEmpty()) throw RestErrors.badRequest("List of UUIDs can not be empty");
        if (json.size() > MAX_BATCH) {
            throw RestErrors.badRequest("Maximum UUIDs per request is exceeded. The limit is " + MAX_BATCH);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : json) {
            if (!item.isTextual()) throw RestErrors.badRequest("Expected list of UUIDs");
            out.add(item.asText());
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private StoredFile find(RestRequest r, String uuid) {
        return files.find(r.projectId(), uuid).orElseThrow(RestErrors::notFound);
    }

    /** Removing a removed file answers it as it is: clients retry deletes. */
    private StoredFile remove(RestRequest r, String uuid) {
        StoredFile f = find(r, uuid);
        return f.isRemoved() ? f : files.remove(r.projectId(), uuid);
    }

    private ObjectNode render(RestRequest r, StoredFile f) {
        return views.restFile(f, r.version(), r.includeAppdata());
    }
}
