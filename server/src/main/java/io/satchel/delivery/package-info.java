/**
 * Delivery: what a CDN address names (a file, a group page, a group member), the operation chain it
 * carries, and the HTTP-independent rules for answering it — byte ranges, validators, disposition.
 * Until imaging exists every chain delivers the original bytes; only {@code -/inline/} is honoured.
 */
package io.satchel.delivery;
