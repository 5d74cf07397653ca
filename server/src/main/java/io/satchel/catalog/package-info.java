/**
 * The catalog: the SQL database behind projects, files, groups and the job queue. SQLite by default,
 * PostgreSQL for scale-out; the application's SQL is shared, only the migration files differ.
 */
package io.satchel.catalog;
