/** The command line: {@code serve} and the project admin commands; an adapter like {@code api}. */
package io.satchel.cli;
