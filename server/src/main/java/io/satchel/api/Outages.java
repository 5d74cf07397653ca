package io.satchel.api;

import io.satchel.storage.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Failures that mean a dependency is away for now (the catalog's database, the store), not a fault of ours. */
final class Outages {
    private Outages() {}

    static boolean isOutage(Throwable e) {
        return cause(e) != null;
    }

    static String describe(Throwable e) {
        Throwable c = cause(e);
        return c == null ? e.toString() : c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    private static Throwable cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return t;
            }
            // SQLSTATE class 08: connection exceptions; 57P: the server is shutting down or restarting.
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return t;
            }
            // A pooled connection that broke under a statement (HikariCP says so without a state).
            if (t instanceof SQLException && String.valueOf(t.getMessage()).contains("onnection is closed")) return t;
        }
        return null;
    }
}
