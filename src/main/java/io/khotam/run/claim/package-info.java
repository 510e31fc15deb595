/** How runs begin and stop: a dropped file or a rerun claimed as a new run, the inbox's polls and workers, the claim's failures, shutdown. */
package io.khotam.run.claim;
