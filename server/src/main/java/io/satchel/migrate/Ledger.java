package io.satchel.migrate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects this migration has verified in one bucket, so a resumed run need not read every object
 * back: a line per key with the local file's size, modification time and SHA-256. An entry is trusted
 * while the local file keeps its size and time ({@code --verify-all} trusts none). Lines are appended as
 * objects are verified, so an interrupted run keeps its progress; the file is rewritten compactly on close.
 * A ledger written for another bucket is ignored.
 */
final class Ledger implements AutoCloseable {
    private static final String MAGIC = "satchel-migrate-storage 1 ";

    record Entry(String sha256, long size, long modified) {}

    private final Path file;
    private final String header;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private BufferedWriter appender;

    private Ledger(Path file, String header) {
        this.file = file;
        this.header = header;
    }

    /** {@code bucket} names the bucket (endpoint and name) the entries are about. */
    static Ledger open(Path file, String bucket) throws IOException {
        Ledger ledger = new Ledger(file, MAGIC + bucket);
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.getFirst().equals(ledger.header)) {
                for (String line : lines.subList(1, lines.size())) ledger.replay(line);
            }
        }
        ledger.compact();
        ledger.appender = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return ledger;
    }

    private void replay(String line) {
        String[] f = line.split(" ", 4);
        if (f.length == 2 && f[0].equals("-")) {
            entries.remove(f[1]);
        } else if (f.length == 4) {
            try {
                entries.put(f[3], new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                // a line cut short by a crash: that object is simply checked again
            }
        }
    }

    Entry get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, Entry e) throws IOException {
        entries.put(key, e);
        appender.write(e.sha256() + " " + e.size() + " " + e.modified() + " " + key + "\n");
        appender.flush();
    }

    synchronized void forget(String key) throws IOException {
        if (entries.remove(key) == null) return;
        appender.write("- " + key + "\n");
        appender.flush();
    }

    private void compact() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            w.write(header + "\n");
            for (var e : entries.entrySet()) {
                Entry v = e.getValue();
                w.write(v.sha256() + " " + v.size() + " " + v.modified() + " " + e.getKey() + "\n");
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        appender.close();
        compact();
    }
}
