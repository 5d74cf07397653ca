/** The BlobStore port and its adapters. Keys are relative paths of safe characters; values are streams. */
package io.satchel.storage;
