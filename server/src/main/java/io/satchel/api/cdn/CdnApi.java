package io.satchel.api.cdn;

import io.satchel.api.Call;
import io.satchel.files.Files;
import io.satchel.groups.Groups;
import io.satchel.storage.BlobStore;

/** The CDN: delivery of originals by uuid and of group members (spec §4.1). */
public final class CdnApi {
    private final Files files;
    private final Groups groups;
    private final BlobStore store;

    public CdnApi(Files files, Groups groups, BlobStore store) {
        this.files = files;
        this.groups = groups;
        this.store = store;
    }

    public boolean handle(Call call) {
        return false;
    }
}
