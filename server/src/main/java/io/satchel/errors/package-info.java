/** Errors as values: a category with an HTTP status, a protocol error code and the message clients read. */
package io.satchel.errors;
