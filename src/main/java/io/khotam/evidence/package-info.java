/** What a run leaves behind and how it is shaped: the run layout, the manifest and its counts, outputs, candidate packets, canonical JSON. */
package io.khotam.evidence;
