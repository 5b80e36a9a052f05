package io.scem.jobs.testing;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged, at every level, by SCEM (Log4j through SLF4J) and by Jakarta Mail / Angus
 * and the JDK (java.util.logging, where Angus writes its SMTP protocol trace), while open; with a
 * level for the others, also what every other Log4j logger (Flink, Kafka) writes at that level.
 */
public final class LogCapture implements AutoCloseable {
    private static final List<String> JUL_LOGGERS = List.of("org.eclipse.angus", "jakarta.mail", "jdk.internal.httpclient");

    private final StringWriter log4j = new StringWriter();
    private final StringBuilder jul = new StringBuilder();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;
    private final Handler handler;
    private final List<java.util.logging.Logger> julLoggers; // held: JUL keeps loggers weakly
    private final Level rootLevelBefore;
    private final Map<String, Appender> rootAppenders;

    /** SCEM's own logging and the mail and HTTP libraries'. */
    public LogCapture() {
        this(null);
    }

    /** @param others the level from which every other logger's output is captured too (e.g. Flink's usual INFO), or null */
    public LogCapture(Level others) {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("log-capture").setTarget(log4j)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build()).build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        rootLevelBefore = root.getLevel();
        rootAppenders = Map.copyOf(root.getAppenders());
        if (others != null) {
            // The root's own appenders (the console) keep the level they had: only the capture gets more.
            rootAppenders.forEach((name, existing) -> {
                root.removeAppender(name);
                root.addAppender(existing, rootLevelBefore, null);
            });
            root.addAppender(appender, others, null);
            root.setLevel(others);
        }
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

    /** What went through Log4j: SCEM's own classes, and the others' from the level given. */
    public String log4j() {
        return log4j.toString();
    }

    /** What the mail and HTTP libraries logged (the SMTP protocol trace among it). */
    public String libraries() {
        synchronized (jul) {
            return jul.toString();
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.removeLogger("io.scem");
        LoggerConfig root = config.getRootLogger();
        // The loggers' level first: until updateLoggers they still pass the capture's level, and
        // the console, back without its filter, printed a late Flink or Kafka INFO line in the
        // build's output.
        root.setLevel(rootLevelBefore);
        context.updateLoggers();
        root.removeAppender(appender.getName());
        rootAppenders.forEach((name, existing) -> {
            root.removeAppender(name);
            root.addAppender(existing, null, null);
        });
        context.updateLoggers();
        appender.stop();
        for (java.util.logging.Logger logger : julLoggers) {
            logger.removeHandler(handler);
            logger.setLevel(null);
        }
    }
}
