package io.khotam;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The events one class logs while it is open, as "LEVEL message". */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {

    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;

    public CapturedLog(Class<?> source) {
        super("captured", null, null, true, Property.EMPTY_ARRAY);
        logger = (Logger) LogManager.getLogger(source);
        start();
        logger.addAppender(this);
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
