/** Reading finished runs against the contract: the verdict-only checker and the row-by-row diff of two runs. */
package io.khotam.check;
