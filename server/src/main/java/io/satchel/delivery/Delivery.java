package io.satchel.delivery;

import io.satchel.files.FileStatus;
import io.satchel.files.Files;
import io.satchel.files.StoredFile;
import io.satchel.groups.Group;
import io.satchel.groups.Groups;
import java.util.List;
import java.util.Optional;

/**
 * Resolves CDN addresses to what they deliver. Addresses are public by id, so look-ups ignore the
 * project. Only confirmed, live files are delivered: a removed file, one whose bytes are still
 * arriving, or one whose processing failed is not found.
 */
public final class Delivery {
    /**
     * How long a deliverable file's record is reused without asking the catalog. Removal on any node
     * forgets it at once (cluster news); should the news be lost, the change shows within this time.
     */
    static final java.time.Duration RECORD_TTL = java.time.Duration.ofSeconds(2);

    private final Files files;
    private final Groups groups;
    private final com.github.benmanes.caffeine.cache.Cache<String, StoredFile> records =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(RECORD_TTL)
                    .maximumSize(100_000)
                    .build();

    public Delivery(Files files, Groups groups) {
        this.files = files;
        this.groups = groups;
        files.onRemovedAnywhere(records::invalidate);
        files.onRemovalsMissed(records::invalidateAll);
    }

    public Optional<Original> original(CdnPath.FileAddress address) {
        return deliverable(address.uuid()).map(f -> new Original(f, address.chain(), address.filename()));
    }

    /** The member's original; its stored default effects come before the address's own operations. */
    public Optional<Original> original(CdnPath.GroupMember address) {
        return groups.findById(address.groupId())
                .filter(g -> address.index() < g.members().size())
                .map(g -> g.members().get(address.index()))
                .flatMap(m -> deliverable(m.fileUuid()).map(f -> new Original(f,
                        Chain.ofEffects(m.defaultEffects()).then(address.chain()), address.filename())));
    }

    /** The group with its members in order, null where a member is not deliverable. */
    public Optional<Listing> listing(CdnPath.GroupPage address) {
        return groups.findById(address.groupId()).map(g -> new Listing(g,
                groups.memberFiles(g).stream().map(f -> f != null && isDeliverable(f) ? f : null).toList()));
    }

    /** A group and its member files (entries may be null). */
    public record Listing(Group group, List<StoredFile> members) {}

    private Optional<StoredFile> deliverable(String uuid) {
        StoredFile cached = records.getIfPresent(uuid);
        if (cached != null) return Optional.of(cached);
        Optional<StoredFile> found = files.catalog().find(uuid).filter(Delivery::isDeliverable);
        found.ifPresent(f -> records.put(uuid, f));
        return found;
    }

    private static boolean isDeliverable(StoredFile f) {
        return !f.isRemoved() && (f.status() == FileStatus.UPLOADED || f.status() == FileStatus.READY);
    }
}
