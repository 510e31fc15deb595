/** What every part shares: the stages, the check codes, a failed check, SHA-256, and problems said in words. */
package io.khotam;
