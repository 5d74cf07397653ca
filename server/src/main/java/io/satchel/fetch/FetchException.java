package io.satchel.fetch;

import java.io.IOException;

/**
 * A fetch refused or failed, as a value: the {@link FetchError} and the message clients see. An
 * {@link IOException} so that it can leave a download's body stream (a cap or the deadline passed)
 * through whatever is reading it.
 */
public final class FetchException extends IOException {
    private final FetchError error;

    FetchException(FetchError error, String message) {
        super(message, null);
        this.error = error;
    }

    public FetchError error() {
        return error;
    }

    /** Uploadcare's {@code error_code}, e.g. {@code DownloadFileHTTPClientError}. */
    public String code() {
        return error.code();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
