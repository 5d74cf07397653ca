package io.satchel.migrate;

/** The migration will not go on, for a reason the user can act on; the message says what to do. */
final class MigrationRefused extends RuntimeException {
    MigrationRefused(String message) {
        super(message);
    }
}
