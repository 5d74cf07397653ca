package io.satchel.uploads;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satchel.files.FileCatalog;
import io.satchel.files.FileStatus;
import io.satchel.files.StoredFile;
import io.satchel.jobs.JobQueue;
import java.util.Optional;

/**
 * PROCESS: the durable job that finishes a file's record after CONFIRM — content info, then ready.
 * Image analysis joins here with the imaging feature. Running it twice is harmless.
 */
public final class Processing implements JobQueue.Handler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileCatalog files;

    public Processing(FileCatalog files) {
        this.files = files;
    }

    @Override
    public void run(String uuid) {
        Optional<StoredFile> found = files.find(uuid);
        if (found.isEmpty() || found.get().isRemoved()) return;
        StoredFile file = found.get();
        files.markProcessed(uuid, FileStatus.READY, MimeSniffer.isImage(file.mimeType()), contentInfo(file.mimeType()));
    }

    static String contentInfo(String mime) {
        ObjectNode info = JSON.createObjectNode();
        ObjectNode m = info.putObject("mime");
        int slash = mime.indexOf('/');
        m.put("mime", mime);
        m.put("type", slash > 0 ? mime.substring(0, slash) : mime);
        m.put("subtype", slash > 0 ? mime.substring(slash + 1) : "");
        return info.toString();
    }
}
