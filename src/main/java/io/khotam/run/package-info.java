/** One run from claim to end: claiming a dropped file or a rerun, its rows, each row's outcome, its end, recovery and shutdown. */
package io.khotam.run;
