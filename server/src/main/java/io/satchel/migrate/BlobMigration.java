package io.satchel.migrate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code migrate storage}: every blob under the data folder's {@code blobs/} into the bucket, a few at a
 * time. It only reads local files, so the node may go on serving; what it adds meanwhile is picked up by
 * the next run. The store's writes in progress ({@code .tmp}) and uploads still in pieces ({@code .spool})
 * stay behind: an unfinished upload does not move.
 */
final class BlobMigration {
    /** Folders of the local store that hold no finished blob. */
    static final Set<String> LEFT_BEHIND = Set.of(".tmp", ".spool");
    static final String RESULTS = "results";

    record Options(boolean originalsOnly, boolean verifyAll, int parallel) {}

    private final Path root;
    private final BlobTransfer transfer;
    private final Options options;
    private final Progress progress;
    private final PrintStream out;

    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong copiedBytes = new AtomicLong();
    private final AtomicLong present = new AtomicLong();
    private final AtomicLong presentBytes = new AtomicLong();
    private final AtomicLong vanished = new AtomicLong();
    private final Queue<String> failed = new ConcurrentLinkedQueue<>();
    private final Queue<String> ignored = new ConcurrentLinkedQueue<>();

    BlobMigration(Path root, BlobTransfer transfer, Options options, Progress progress, PrintStream out) {
        this.root = root;
        this.transfer = transfer;
        this.options = options;
        this.progress = progress;
        this.out = out;
    }

    /** 0 when every blob is in the bucket, verified; 1 when some are not. */
    int run(String bucket) throws IOException {
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        walk(b -> {
            files.incrementAndGet();
            bytes.addAndGet(b.size());
        });
        out.println("Blobs " + root + " -> " + bucket + ": " + files + " files, " + Bytes.show(bytes.get()));
        Semaphore slots = new Semaphore(options.parallel());
        try (ProgressBar bar = progress.start("blobs", bytes.get(), " MiB", 1 << 20);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            walk(b -> {
                slots.acquireUninterruptibly();
                workers.execute(() -> {
                    try {
                        record(b, transfer.move(b));
                    } catch (IllegalArgumentException e) {
                        ignored.add(b.key()); // a name the store refuses as a key: not a file Satchel wrote
                    } catch (IOException | RuntimeException e) {
                        failed.add(b.key() + ": " + e.getMessage());
                    } finally {
                        if (bar.getCurrent() + b.size() > bar.getMax()) bar.maxHint(bar.getCurrent() + b.size());
                        bar.stepBy(b.size());
                        slots.release();
                    }
                });
            });
        }
        return summary();
    }

    private void record(BlobTransfer.Blob b, BlobTransfer.Outcome outcome) {
        switch (outcome) {
            case BlobTransfer.Outcome.Copied c -> {
                copied.incrementAndGet();
                copiedBytes.addAndGet(c.bytes());
            }
            case BlobTransfer.Outcome.Present p -> {
                present.incrementAndGet();
                presentBytes.addAndGet(p.bytes());
            }
            case BlobTransfer.Outcome.Vanished v -> vanished.incrementAndGet();
            case BlobTransfer.Outcome.Failed f -> failed.add(b.key() + ": " + f.why());
        }
    }

    private int summary() {
        out.printf("  copied     %8d files %12s  (each read back from the bucket, size and SHA-256 compared)%n",
                copied.get(), Bytes.show(copiedBytes.get()));
        out.printf("  in bucket  %8d files %12s  (verified %s)%n", present.get(), Bytes.show(presentBytes.get()),
                options.verifyAll() ? "now" : "now or by an earlier run");
        if (vanished.get() > 0) out.printf("  removed    %8d files               (by the node while the copy ran)%n", vanished.get());
        if (!ignored.isEmpty()) {
            out.printf("  ignored    %8d files               (names Satchel never gives a blob: %s)%n", ignored.size(),
                    String.join(", ", ignored.stream().sorted().limit(5).toList()) + (ignored.size() > 5 ? ", …" : ""));
        }
        out.printf("  failed     %8d files%n", failed.size());
        List<String> reasons = failed.stream().sorted().toList();
        reasons.stream().limit(50).forEach(r -> out.println("    " + r));
        if (reasons.size() > 50) out.println("    … and " + (reasons.size() - 50) + " more");
        out.println("Not moved: uploads still in pieces (blobs/.spool) and writes in progress (blobs/.tmp)"
                + (options.originalsOnly() ? "; transform results (blobs/results, --originals-only)." : "."));
        return failed.isEmpty() ? 0 : 1;
    }

    /** Every blob, named by its key; the folders that hold no finished blob are not entered. */
    private void walk(Consumer<BlobTransfer.Blob> each) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.getParent() != null && dir.getParent().equals(root)) {
                    String name = dir.getFileName().toString();
                    if (LEFT_BEHIND.contains(name) || options.originalsOnly() && name.equals(RESULTS)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    each.accept(new BlobTransfer.Blob(key, file, attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // removed by the node between listing and visiting: nothing to move
                if (e instanceof java.nio.file.NoSuchFileException) return FileVisitResult.CONTINUE;
                throw new UncheckedIOException(e);
            }
        });
    }
}
