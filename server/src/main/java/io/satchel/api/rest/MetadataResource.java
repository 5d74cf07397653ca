package io.satchel.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.satchel.api.Json;
import io.satchel.files.FileCatalog;
import io.satchel.files.Files;
import io.satchel.files.MetadataRules;
import io.satchel.files.StoredFile;
import java.util.List;

/**
 * {@code /files/{uuid}/metadata/[key/]}: values are JSON strings on the wire. A removed file's metadata
 * can be read but not changed.
 */
final class MetadataResource {
    private final Files files;

    MetadataResource(Files files) {
        this.files = files;
    }

    /** {@code rest} is the path after {@code metadata}. */
    Endpoint route(String uuid, List<String> rest) {
        if (rest.isEmpty()) return Endpoint.on("GET", r -> all(r, uuid));
        if (rest.size() != 1) return null;
        String key = rest.get(0);
        return Endpoint.on("GET", r -> get(r, uuid, key))
                .and("PUT", r -> put(r, uuid, key))
                .and("DELETE", r -> delete(r, uuid, key));
    }

    private void all(RestRequest r, String uuid) {
        var body = Json.object();
        file(r, uuid).metadata().forEach(body::put);
        r.ok(body);
    }

    private void get(RestRequest r, String uuid, String key) {
        StoredFile f = file(r, uuid);
        MetadataRules.checkKey(key);
        String value = f.metadata().get(key);
        if (value == null) throw RestErrors.notFound();
        r.ok(TextNode.valueOf(value));
    }

    /** 201 when the key is new, 200 when it replaced a value; the body echoes the value. */
    private void put(RestRequest r, String uuid, String key) {
        StoredFile f = live(r, uuid);
        MetadataRules.checkKey(key);
        String value = value(r);
        MetadataRules.checkValue(value);
        boolean created;
        try {
            created = files.catalog().putMetadata(f.uuid(), key, value, MetadataRules.MAX_KEYS);
        } catch (FileCatalog.MetadataLimitExceeded e) {
            throw RestErrors.badRequest("Metadata keys number is too big. Max number is " + MetadataRules.MAX_KEYS + ".");
        }
        r.send(created ? 201 : 200, TextNode.valueOf(value));
    }

    private void delete(RestRequest r, String uuid, String key) {
        StoredFile f = live(r, uuid);
        MetadataRules.checkKey(key);
        if (!files.catalog().deleteMetadata(f.uuid(), key)) throw RestErrors.notFound();
        r.noContent();
    }

    /** The body must be one JSON string, e.g. {@code "blue"}; an empty body is an empty value. */
    private static String value(RestRequest r) {
        if (r.body().length == 0) return "";
        JsonNode json = r.json();
        if (json == null || !json.isTextual()) throw RestErrors.badRequest("Metadata value must be a JSON string.");
        return json.asText();
    }

    private StoredFile file(RestRequest r, String uuid) {
        return files.find(r.projectId(), uuid).orElseThrow(RestErrors::notFound);
    }

    private StoredFile live(RestRequest r, String uuid) {
        return files.find(r.projectId(), uuid).filter(f -> !f.isRemoved()).orElseThrow(RestErrors::notFound);
    }
}
