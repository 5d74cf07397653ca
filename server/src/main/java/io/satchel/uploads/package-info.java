/**
 * The upload algorithm (DESIGN.md): REQUEST, UPLOAD, CONFIRM shared by every way bytes arrive, and the
 * PROCESS job. Bytes are streamed, never held whole in memory.
 */
package io.satchel.uploads;
