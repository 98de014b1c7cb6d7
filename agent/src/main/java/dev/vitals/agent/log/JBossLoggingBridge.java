package dev.vitals.agent.log;

import org.jboss.logging.Logger;
import org.jboss.logging.LoggerProvider;

import java.util.Collections;
import java.util.Map;

/**
 * Routes the (relocated) jboss-logging of Undertow and XNIO into {@link Log}. Found through
 * {@code ServiceLoader}, which jboss-logging consults before it falls back to {@code java.util.logging}:
 * without it, starting our listener would initialise JUL before the application's LogManager installs.
 * Messages below WARN are logged at DEBUG so that XNIO's start-up banner does not reach the user.
 */
public final class JBossLoggingBridge implements LoggerProvider {
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
        return null;
    }

    @Override
    public int getNdcDepth() {
        return 0;
    }

    @Override
    public String popNdc() {
        return null;
    }

    @Override
    public String peekNdc() {
        return null;
    }

    @Override
    public void pushNdc(String message) {
    }

    @Override
    public void setNdcMaxDepth(int maxDepth) {
    }

    private static final class BridgeLogger extends Logger {
        private static final long serialVersionUID = 1L;

        BridgeLogger(String name) {
            super(name);
        }

        @Override
        public boolean isEnabled(Level level) {
            return Log.enabled(map(level));
        }

        @Override
        protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters, Throwable thrown) {
            String text = String.valueOf(message);
            if (parameters != null && parameters.length > 0) {
                try {
                    text = java.text.MessageFormat.format(text, parameters);
                } catch (IllegalArgumentException e) {
                    // Keep the unformatted text.
                }
            }
            emit(level, text, thrown);
        }

        @Override
        protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters, Throwable thrown) {
            String text = format;
            if (parameters != null) {
                try {
                    text = String.format(format, parameters);
                } catch (java.util.IllegalFormatException e) {
                    // Keep the unformatted text.
                }
            }
            emit(level, text, thrown);
        }

        private void emit(Level level, String text, Throwable thrown) {
            String line = getName() + ": " + text;
            switch (map(level)) {
                case ERROR:
                    Log.error(line, thrown);
                    break;
                case WARN:
                    Log.warn(line, thrown);
                    break;
                default:
                    if (Log.enabled(Log.Level.DEBUG)) {
                        Log.debug(thrown == null ? line : line + ": " + thrown);
                    }
            }
        }

        private static Log.Level map(Level level) {
            switch (level) {
                case FATAL:
                case ERROR:
                    return Log.Level.ERROR;
                case WARN:
                    return Log.Level.WARN;
                default:
                    return Log.Level.DEBUG;
            }
        }
    }
}
