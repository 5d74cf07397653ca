/**
 * Moving a single node to the cluster setup: {@code migrate catalog} copies the catalog into PostgreSQL,
 * {@code migrate storage} the data folder's blobs into an S3 bucket. Both only read the old node's data,
 * so they can run while it serves; both can run again and then move only what changed, and both verify
 * what they wrote before they answer 0.
 */
package io.satchel.migrate;
