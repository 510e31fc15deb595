package io.khotam.store;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code khotam.retention}: deletes finished runs older than that, through delete-fast, one receipt logged per run. */
public class RunRetention {

    private static final Logger LOG = LoggerFactory.getLogger(RunRetention.class);

    private final RunDeleter deleter;
    private final Duration retention;

    /** @param retention null when retention is off */
    public RunRetention(RunDeleter deleter, Duration retention) {
        this.deleter = deleter;
        this.retention = retention;
    }

    /** @return how many runs were deleted completely */
    public int sweep() throws IOException {
        if (retention == null) {
            return 0;
        }
        int deleted = 0;
        for (DeleteReceipt receipt : deleter.deleteOlderThan(retention)) {
            if (receipt.complete()) {
                deleted++;
                LOG.info("retention {}: deleted run {} ({} entries, {} bytes)", retention, receipt.runId(),
                        receipt.entriesRemoved(), receipt.bytesRemoved());
            } else {
                LOG.error("retention {}: run {} {}: {}; left: {}", retention, receipt.runId(), receipt.outcome(),
                        receipt.message(), receipt.left());
            }
        }
        return deleted;
    }
}
