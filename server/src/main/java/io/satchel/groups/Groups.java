package io.satchel.groups;

import io.satchel.catalog.Times;
import io.satchel.errors.Failure;
import io.satchel.files.FileCatalog;
import io.satchel.files.StoredFile;
import io.satchel.projects.Project;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** The groups service: creating a group from file references, reading, listing, deleting, storing. */
public final class Groups {
    public static final int MAX_FILES = 1000;
    public static final Pattern GROUP_ID = Pattern.compile(
            "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})~([1-9][0-9]{0,3})");
    private static final Pattern ENTRY = Pattern.compile(
            "(?i)^(?:https?://[^/]+)?/*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(/.*)?$");

    private final GroupCatalog catalog;
    private final FileCatalog files;
    private final Clock clock;
    private final AtomicLong lastCreated = new AtomicLong();

    public Groups(Jdbi jdbi, FileCatalog files, Clock clock) {
        this.catalog = new GroupCatalog(jdbi);
        this.files = files;
        this.clock = clock;
    }

    /**
     * Creates a group of the project's live files. Each entry is a uuid, {@code uuid/-/ops…/} (the
     * operations become the member's default effects) or a CDN URL of either.
     */
    public Group create(Project project, List<String> entries) {
        if (entries.isEmpty()) throw Failure.badRequest("GroupFilesInvalidError", "No files[N] parameters found.");
        if (entries.size() > MAX_FILES) {
            throw Failure.badRequest("GroupFilesNumberLimitExceededError",
                    "A group can contain at most " + MAX_FILES + " files.");
        }
        List<Group.Member> members = new ArrayList<>();
        for (String entry : entries) {
            Matcher m = ENTRY.matcher(entry.trim());
            if (!m.matches()) {
                throw Failure.badRequest("GroupFileURLParsingFailedError", "This is not valid file url: " + entry + ".");
            }
            members.add(new Group.Member(members.size(), m.group(1).toLowerCase(Locale.ROOT), effects(m.group(2), entry)));
        }
        Set<String> wanted = new LinkedHashSet<>();
        members.forEach(mm -> wanted.add(mm.fileUuid()));
        long live = files.findAll(project.id(), wanted).stream().filter(f -> !f.isRemoved()).count();
        if (live != wanted.size()) throw Failure.badRequest("GroupFilesNotFoundError", "Some files not found.");
        long now = nextCreated();
        Group g = new Group(UUID.randomUUID() + "~" + members.size(), project.id(), members.size(), now, null, members);
        catalog.insert(g);
        return g;
    }

    public Optional<Group> find(long projectId, String id) {
        return id == null ? Optional.empty() : catalog.find(projectId, id.toLowerCase(Locale.ROOT));
    }

    /** A group regardless of project: CDN addresses are public by id. */
    public Optional<Group> findById(String id) {
        return id == null ? Optional.empty() : catalog.findById(id.toLowerCase(Locale.ROOT));
    }

    public List<Group> list(long projectId, Long from, Long to, boolean descending, int limit) {
        return catalog.list(projectId, from, to, descending, limit);
    }

    public long count(long projectId) {
        return catalog.count(projectId);
    }

    public boolean delete(long projectId, String id) {
        return catalog.delete(projectId, id.toLowerCase(Locale.ROOT));
    }

    /** The member files in order; null where a file was removed. */
    public List<StoredFile> memberFiles(Group g) {
        var byUuid = new java.util.HashMap<String, StoredFile>();
        files.findAll(g.projectId(), g.members().stream().map(Group.Member::fileUuid).toList())
                .forEach(f -> byUuid.put(f.uuid(), f));
        List<StoredFile> out = new ArrayList<>();
        for (Group.Member m : g.members()) {
            StoredFile f = byUuid.get(m.fileUuid());
            out.add(f == null || f.isRemoved() ? null : f);
        }
        return out;
    }

    /** Marks the group stored and stores every live member file (REST v0.6 {@code PUT /groups/{id}/storage/}). */
    public Group store(Group g) {
        long now = Times.micros(clock.instant());
        for (Group.Member m : g.members()) files.store(m.fileUuid(), now);
        catalog.markStored(g.id(), now);
        return catalog.find(g.projectId(), g.id()).orElseThrow();
    }

    private static String effects(String rest, String entry) {
        if (rest == null || rest.equals("/") || rest.isEmpty()) return "";
        String r = rest.startsWith("/") ? rest.substring(1) : rest;
        if (!r.startsWith("-/")) {
            if (r.contains("/")) throw Failure.badRequest("GroupFileURLParsingFailedError", "This is not valid file url: " + entry + ".");
            return ""; // a bare file name after the uuid
        }
        String ops = r.substring(2);
        int lastSlash = ops.lastIndexOf('/');
        // A trailing file name after the operations is not an effect.
        if (lastSlash < ops.length() - 1) ops = ops.substring(0, lastSlash + 1);
        return ops;
    }

    private long nextCreated() {
        long now = Times.micros(clock.instant());
        return lastCreated.updateAndGet(last -> Math.max(last + 1, now));
    }
}
