package io.scem.jobs.notify;

import java.io.StringWriter;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged, at every level, by SCEM (Log4j through SLF4J) and by Jakarta Mail / Angus
 * and the JDK (java.util.logging, where Angus writes its SMTP protocol trace), while open.
 */
final class LogCapture implements AutoCloseable {
    private static final List<String> JUL_LOGGERS = List.of("org.eclipse.angus", "jakarta.mail", "jdk.internal.httpclient");

    private final StringWriter log4j = new StringWriter();
    private final StringBuilder jul = new StringBuilder();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;
    private final Handler handler;
    private final List<java.util.logging.Logger> julLoggers; // held: JUL keeps loggers weakly

    LogCapture() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("notify-capture").setTarget(log4j)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig scem = new LoggerConfig("io.scem", Level.ALL, false);
        scem.addAppender(appender, Level.ALL, null);
        config.addLogger("io.scem", scem);
        context.updateLoggers();

        SimpleFormatter format = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (jul) {
                    jul.append(format.format(record));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(java.util.logging.Level.ALL);
        julLoggers = JUL_LOGGERS.stream().map(java.util.logging.Logger::getLogger).toList();
        for (java.util.logging.Logger logger : julLoggers) {
            logger.setLevel(java.util.logging.Level.ALL);
            logger.addHandler(handler);
        }
    }

    /** What SCEM's own classes logged. */
    String scem() {
        return log4j.toString();
    }

    /** What the mail and HTTP libraries logged (the SMTP protocol trace among it). */
    String libraries() {
        synchronized (jul) {
            return jul.toString();
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.removeLogger("io.scem");
        context.updateLoggers();
        appender.stop();
        for (java.util.logging.Logger logger : julLoggers) {
            logger.removeHandler(handler);
            logger.setLevel(null);
        }
    }
}
