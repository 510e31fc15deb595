/** What a run left when its process or node went away: recovered at the next start, taken over from a node whose lease lapsed, proofs adopted. */
package io.khotam.run.recovery;
