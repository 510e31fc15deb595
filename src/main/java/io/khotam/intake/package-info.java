/** Reading a dropped file: its format and encoding, the parser limits, and its rows as received, one at a time. */
package io.khotam.intake;
