package io.satchel.api.cdn;

import io.satchel.api.Call;
import io.satchel.delivery.Delivery;
import io.satchel.files.StoredFile;
import java.util.List;

/**
 * The page at a group's root ({@code /<uuid~N>/}): a plain list of links to its members. Names are
 * escaped and the page may run nothing (no scripts, no outside resources).
 */
final class GroupPage {
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox allow-downloads";

    private GroupPage() {}

    static void send(Call call, Delivery.Listing listing) {
        String id = listing.group().id();
        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Group ")
                .append(id).append("</title></head>\n<body><h1>Group ").append(id).append("</h1>\n<ol start=\"0\">\n");
        List<StoredFile> members = listing.members();
        for (int i = 0; i < members.size(); i++) {
            StoredFile f = members.get(i);
            if (f == null) {
                html.append("<li>(not available)</li>\n");
                continue;
            }
            html.append("<li><a href=\"/").append(id).append("/nth/").append(i).append("/\">")
                    .append(escape(f.originalFilename())).append("</a> (").append(f.size()).append(" bytes)</li>\n");
        }
        html.append("</ol></body></html>\n");
        call.header("Content-Security-Policy", POLICY).header("Cache-Control", "public, max-age=600");
        call.send(200, "text/html; charset=utf-8", html.toString());
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
