/** Files and their metadata: the catalog records, storing and removal, and the temporary-file sweep. */
package io.satchel.files;
