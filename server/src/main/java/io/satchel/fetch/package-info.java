/**
 * The SSRF-guarded HTTP fetcher: the only way Satchel reaches out to a URL it was given (from-URL
 * uploads, later remote copies and webhooks). It resolves each host once, refuses the whole answer when
 * any address is not public (see {@link io.satchel.fetch.AddressClass}), connects only to the addresses
 * it checked, re-checks every redirect hop, and caps redirects, bytes and time. Failures carry
 * Uploadcare's error codes.
 */
package io.satchel.fetch;
