package io.satchel.api;

import io.satchel.api.admin.AdminApi;
import io.satchel.api.cdn.CdnApi;
import io.satchel.api.health.HealthApi;
import io.satchel.api.rest.RestApi;
import io.satchel.api.tus.TusApi;
import io.satchel.api.upload.UploadApi;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One origin for every protocol (spec/satchel.md): the first path segment picks the adapter. Routing
 * never looks at the Host header. CORS is open ({@code *}): no API here authenticates with cookies.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Set<String> UPLOAD = Set.of("base", "info", "group", "multipart", "from_url");
    private static final Set<String> REST = Set.of("files", "groups", "project", "webhooks", "addons", "convert");
    private static final String ALLOW_HEADERS = "Accept, Authorization, Content-Type, X-UC-User-Agent, "
            + "X-Uploadcare-Date, X-Requested-With, Date, Range, If-None-Match, If-Range, Tus-Resumable, "
            + "Upload-Length, Upload-Offset, Upload-Metadata, Upload-Defer-Length, Upload-Concat, Upload-Checksum, "
            + "X-HTTP-Method-Override";
    private static final String EXPOSE_HEADERS = "Retry-After, Location, ETag, Content-Range, Content-Disposition, "
            + "Upload-Offset, Upload-Length, Upload-Expires, Upload-Metadata, Tus-Resumable, Tus-Version, "
            + "Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm, Upload-Defer-Length, Upload-Concat";

    private final UploadApi upload;
    private final RestApi rest;
    private final CdnApi cdn;
    private final AdminApi admin;
    private final HealthApi health;
    private final TusApi tus;
    private final HttpMetrics metrics;

    public Router(UploadApi upload, RestApi rest, CdnApi cdn, AdminApi admin, HealthApi health, TusApi tus,
                  HttpMetrics metrics) {
        this.upload = upload;
        this.tus = tus;
        this.rest = rest;
        this.cdn = cdn;
        this.admin = admin;
        this.health = health;
        this.metrics = metrics;
    }

    public void handle(Call call) {
        long start = System.nanoTime();
        String api = "other";
        try {
            call.header("Access-Control-Allow-Origin", "*");
            call.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
            String first = call.segment(0);
            // tus discovery is an OPTIONS too; a browser's CORS preflight is told apart by what it asks for.
            if (call.method().equals("OPTIONS") && !("tus".equals(first) && call.header("Access-Control-Request-Method") == null)) {
                preflight(call);
                return;
            }
            boolean handled;
            if (first == null) {
                handled = false;
            } else if (first.equals("tus")) {
                api = "tus";
                handled = tus.handle(call);
            } else if (UPLOAD.contains(first)) {
                api = "upload";
                handled = upload.handle(call);
            } else if (REST.contains(first)) {
                api = "rest";
                handled = rest.handle(call);
            } else if (first.equals("admin")) {
                api = "admin";
                handled = admin.handle(call);
            } else if (first.equals("health") || first.equals("metrics")) {
                api = "health";
                handled = health.handle(call);
            } else {
                api = "cdn";
                handled = cdn.handle(call);
            }
            if (!handled && !call.isSent()) call.send(404, "text/plain; charset=utf-8", "Not found.");
        } catch (Exception e) {
            if (call.isSent() && isDisconnect(e)) {
                LOG.debug("{} {}: client went away: {}", call.method(), call.rawPath(), e.toString());
            } else if (Outages.isOutage(e)) {
                // The catalog or the store is down or restarting: nothing is lost, the client tries again.
                LOG.warn("{} {}: {}", call.method(), call.rawPath(), Outages.describe(e));
                if (!call.isSent()) {
                    call.header("Retry-After", "2");
                    call.send(503, "text/plain; charset=utf-8", "Service temporarily unavailable; try again shortly.");
                }
            } else {
                LOG.error("{} {} failed", call.method(), call.rawPath(), e);
                if (!call.isSent()) call.send(500, "text/plain; charset=utf-8", "Internal server error.");
            }
        } finally {
            metrics.record(api, call.method(), call.status(), System.nanoTime() - start);
        }
    }

    /** A response cut off because the client closed the connection: not a server fault. */
    private static boolean isDisconnect(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) return true;
        }
        return false;
    }

    private static void preflight(Call call) {
        call.header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        String asked = call.header("Access-Control-Request-Headers");
        call.header("Access-Control-Allow-Headers", asked != null && !asked.isBlank() ? asked : ALLOW_HEADERS);
        call.header("Access-Control-Max-Age", "86400");
        call.sendEmpty(200);
    }
}
