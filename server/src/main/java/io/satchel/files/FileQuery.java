package io.satchel.files;

/**
 * A page request over one project's files. {@code stored} null means both; {@code from} / {@code to}
 * are exclusive upload-time cursors in catalog microseconds (null for none).
 */
public record FileQuery(long projectId, boolean removed, Boolean stored, Long from, Long to,
                        boolean descending, int limit, int offset) {}
