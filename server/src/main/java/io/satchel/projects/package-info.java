/** Projects are tenants: a public key for uploads, a secret key for REST and signing, and per-project settings. */
package io.satchel.projects;
