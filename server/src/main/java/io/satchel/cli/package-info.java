/**
 * The command line: {@code serve}, the project admin commands, and {@code migrate} (in
 * {@code io.satchel.migrate}); an adapter like {@code api}.
 */
package io.satchel.cli;
