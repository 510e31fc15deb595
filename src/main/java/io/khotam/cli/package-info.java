/** The command line: one class per command, the engine that starts Camel for them, and what they print. */
package io.khotam.cli;
