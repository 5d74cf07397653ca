package io.satchel.storage;

import java.io.IOException;

/** The store did not answer, or answered that it is in trouble: worth trying again shortly (a 503, not a 500). */
public final class StoreUnavailableException extends IOException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
