/** The finished runs under a staging root: finding them, verifying, exporting, deleting (with receipts and trash), retention, owners. */
package io.khotam.store;
