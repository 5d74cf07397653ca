/**
 * The upload algorithm (DESIGN.md): REQUEST, UPLOAD, CONFIRM shared by every way bytes arrive, and the
 * PROCESS job. Bytes are streamed, never held whole in memory. Uploads in pieces keep their state in the
 * catalog and their writers' leases there too, so any node may take the next piece.
 */
package io.satchel.uploads;
