/** The JobQueue port (durable, retried, restart-proof work) and its adapter over the catalog. */
package io.satchel.jobs;
