package io.satchel.fromurl;

import java.util.Locale;
import java.util.Map;

/**
 * One {@code POST /from_url/} task: what to fetch for which project, the upload options to apply, and
 * where it stands. {@code fileUuid} is fixed when the task is made; {@code total} is null until the
 * origin announces a length. Times are catalog microseconds.
 */
public record UrlTask(
        String token,
        long projectId,
        String sourceUrl,
        String fileUuid,
        State state,
        long done,
        Long total,
        String error,
        String errorCode,
        String filename,
        boolean store,
        Map<String, String> metadata,
        String source,
        boolean saveDuplicate,
        int attempts,
        long createdAt,
        long updatedAt) {

    public enum State {
        WAITING, PROGRESS, SUCCESS, ERROR;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromColumn(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        public boolean isFinished() {
            return this == SUCCESS || this == ERROR;
        }
    }
}
