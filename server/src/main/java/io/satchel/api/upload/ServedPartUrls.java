package io.satchel.api.upload;

import io.satchel.api.FileViews;
import io.satchel.uploads.PartUrls;
import io.satchel.uploads.PendingUpload;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Part URLs Satchel serves itself: {@code <public url>/multipart/part/<uuid>/<n>?token=<upload token>}. */
public final class ServedPartUrls implements PartUrls {
    private final FileViews views;

    public ServedPartUrls(FileViews views) {
        this.views = views;
    }

    @Override
    public List<URI> partUrls(PendingUpload upload, int parts) {
        List<URI> urls = new ArrayList<>(parts);
        String base = views.base() + "/multipart/part/" + upload.uuid() + "/";
        for (int n = 1; n <= parts; n++) urls.add(URI.create(base + n + "?token=" + upload.token()));
        return urls;
    }
}
