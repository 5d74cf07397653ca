package io.satchel.files;

import io.satchel.catalog.ClusterEvents;
import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The files service: a project's files, storing, removing, and the sweep of expired temporary files. */
public final class Files {
    private static final Logger LOG = LoggerFactory.getLogger(Files.class);
    private static final int SWEEP_BATCH = 500;

    private final FileCatalog catalog;
    private final BlobStore store;
    private final Clock clock;
    private final ClusterEvents events;
    private final List<java.util.function.Consumer<String>> removalListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Files(FileCatalog catalog, BlobStore store, Clock clock, ClusterEvents events) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Called on the node that removed a file (by a client or the sweep), with its uuid, after its bytes
     * went: for what is done once, such as removing its variants from the store.
     */
    public void onRemoved(java.util.function.Consumer<String> listener) {
        removalListeners.add(listener);
    }

    /** Called on every node with the uuid of every file removed on any node: for what each node keeps of it. */
    public void onRemovedAnywhere(java.util.function.Consumer<String> listener) {
        events.onFileRemoved(listener);
    }

    /** Called when this node may have missed removals on other nodes (it lost touch with the catalog). */
    public void onRemovalsMissed(Runnable listener) {
        events.onResync(listener);
    }

    public FileCatalog catalog() {
        return catalog;
    }

    /** The project's file, removed or not; empty for a file of another project. */
    public Optional<StoredFile> find(long projectId, String uuid) {
        return catalog.find(projectId, uuid);
    }

    /** Marks the project's live file stored. */
    public StoredFile store(long projectId, String uuid) {
        live(projectId, uuid); // 404 for a missing, removed or foreign file
        catalog.store(uuid, now());
        return catalog.find(uuid).orElseThrow();
    }

    /** Removes the project's live file: the record keeps {@code datetime_removed}, the bytes go. */
    public StoredFile remove(long projectId, String uuid) {
        StoredFile f = live(projectId, uuid);
        if (catalog.remove(uuid, now())) deleteBytes(f);
        return catalog.find(uuid).orElseThrow();
    }

    /** Removes temporary files older than {@code ttl}; returns how many. */
    public int sweepTemporary(java.time.Duration ttl) {
        long cutoff = Times.micros(clock.instant().minus(ttl));
        int total = 0;
        while (true) {
            List<StoredFile> batch = catalog.temporaryUploadedBefore(cutoff, SWEEP_BATCH);
            for (StoredFile f : batch) {
                if (catalog.remove(f.uuid(), now())) {
                    deleteBytes(f);
                    total++;
                }
            }
            if (batch.size() < SWEEP_BATCH) break;
        }
        if (total > 0) LOG.info("removed {} temporary files older than {}", total, ttl);
        return total;
    }

    private StoredFile live(long projectId, String uuid) {
        return catalog.find(projectId, uuid).filter(f -> !f.isRemoved())
                .orElseThrow(() -> Failure.notFound("FileNotFoundError", "Not found."));
    }

    private void deleteBytes(StoredFile f) {
        try {
            store.delete(f.storageKey());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the bytes of {}: {}", f.uuid(), e.toString());
        }
        for (var listener : removalListeners) {
            try {
                listener.accept(f.uuid());
            } catch (RuntimeException e) {
                LOG.warn("after removing {}: {}", f.uuid(), e.toString());
            }
        }
        events.fileRemoved(f.uuid());
    }

    private long now() {
        return Times.micros(clock.instant());
    }
}
