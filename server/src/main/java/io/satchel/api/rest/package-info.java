/**
 * REST API v0.7 (spec §3), with the v0.5/v0.6 media types and the legacy routes the Java client still
 * uses. Every request passes the same gate in order: known path (404), {@code Accept} (406), body cap
 * (413), authentication (401/400), method (405). Every look-up is scoped by the authenticated project,
 * so another project's file or group answers 404 exactly like a missing one.
 */
package io.satchel.api.rest;
