/**
 * From-URL uploads ({@code POST /from_url/}, {@code GET /from_url/status/}): a task per token in the
 * catalog, fetched by a durable job through the SSRF-guarded {@link io.satchel.fetch.Fetcher}, landing
 * through the same stage, vet and confirm steps as every upload; URL duplicates remembered per project.
 */
package io.satchel.fromurl;
