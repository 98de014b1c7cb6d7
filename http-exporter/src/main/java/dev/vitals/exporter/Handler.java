package dev.vitals.exporter;

/**
 * Answers one request on a worker thread of the exporter (never on the IO thread), so it may block briefly.
 *
 * <p>Handlers are called concurrently from several worker threads and must be thread-safe. Throw
 * {@link HttpError} for an expected error answer; any other exception is logged once and answered with a
 * generic 500 that carries no stack trace.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
