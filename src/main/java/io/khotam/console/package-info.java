/** The operator's console and its JSON API: the guard, the answers, the pages. */
package io.khotam.console;
