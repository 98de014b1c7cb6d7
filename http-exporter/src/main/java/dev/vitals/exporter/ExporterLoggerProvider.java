package dev.vitals.exporter;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.LoggerProvider;

/**
 * Routes jboss-logging (used by Undertow and XNIO) to the exporter's {@link ExporterLog}: WARN and above become
 * one line each, everything below is dropped. Not API; public only so that {@link java.util.ServiceLoader} can
 * create it from {@code META-INF/services/org.jboss.logging.LoggerProvider}.
 *
 * <p>Why: without a provider, jboss-logging falls back to {@code java.util.logging}, which initialises the
 * JUL {@code LogManager} inside the application before a WildFly- or Spring-style LogManager can install
 * itself (see OTel PR #11151), and prints INFO banners such as "XNIO version" to the application's stderr.
 * jboss-logging asks the service loader before it probes JBoss LogManager, log4j, logback or JUL, and the
 * agent relocates the service file together with the classes.
 *
 * <p>Thread-safe: the target log is a volatile field that {@link HttpExporter} sets when it starts.
 */
public final class ExporterLoggerProvider implements LoggerProvider {
    private static volatile ExporterLog target = ExporterLog.stderr();

    /** Called by the service loader. */
    public ExporterLoggerProvider() {
    }

    /** Where WARN and above go from now on (the most recently started exporter's log). */
    static void target(ExporterLog log) {
        target = log;
    }

    @Override
    public Logger getLogger(String name) {
        return new BridgeLogger(name);
    }

    @Override
    public void clearMdc() {
    }

    @Override
    public Object putMdc(String key, Object value) {
        return null;
    }

    @Override
    public Object getMdc(String key) {
        return null;
    }

    @Override
    public void removeMdc(String key) {
    }

    @Override
    public Map<String, Object> getMdcMap() {
        return Collections.emptyMap();
    }

    @Override
    public void clearNdc() {
    }

    @Override
    public String getNdc() {
        return "";
    }

    @Override
    public int getNdcDepth() {
        return 0;
    }

    @Override
    public String popNdc() {
        return "";
    }

    @Override
    public String peekNdc() {
        return "";
    }

    @Override
    public void pushNdc(String message) {
    }

    @Override
    public void setNdcMaxDepth(int maxDepth) {
    }

    /** A jboss-logging logger that forwards WARN, ERROR and FATAL to the exporter log. */
    static final class BridgeLogger extends Logger {
        private static final long serialVersionUID = 1L;

        BridgeLogger(String name) {
            super(name);
        }

        @Override
        public boolean isEnabled(Level level) {
            return level == Level.WARN || level == Level.ERROR || level == Level.FATAL;
        }

        @Override
        protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters,
                Throwable thrown) {
            if (!isEnabled(level)) {
                return;
            }
            String text = String.valueOf(message);
            if (parameters != null && parameters.length > 0) {
                try {
                    text = MessageFormat.format(text, parameters);
                } catch (IllegalArgumentException e) {
                    // Keep the unformatted text: a bad pattern must not lose the warning.
                }
            }
            forward(text, thrown);
        }

        @Override
        protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters,
                Throwable thrown) {
            if (!isEnabled(level)) {
                return;
            }
            String text = format;
            if (parameters != null && parameters.length > 0) {
                try {
                    text = String.format(Locale.ROOT, format, parameters);
                } catch (IllegalFormatException e) {
                    // Keep the unformatted text: a bad pattern must not lose the warning.
                }
            }
            forward(text, thrown);
        }

        private void forward(String text, Throwable thrown) {
            try {
                target.warn(getName() + ": " + text, thrown);
            } catch (RuntimeException ignored) {
                // A broken log must not break request handling inside Undertow.
            }
        }
    }
}
