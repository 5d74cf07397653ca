/** Groups: immutable, ordered sets of a project's files, addressable on the CDN as {@code <uuid>~<count>}. */
package io.satchel.groups;
