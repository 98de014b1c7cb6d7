package dev.vitals.exporter;

/**
 * An expected error answer: thrown by a {@link Handler} (or by the exporter itself) and sent as
 * {@code {"error": "...", "detail": "..."}} with {@link #status()}.
 *
 * <p>It carries no stack trace: it is control flow, and its detail goes to the client, so the detail must
 * never contain secrets.
 */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String detail;

    /**
     * @param status the HTTP status, 400-599
     * @param error a short machine-readable code such as {@code bad_request}
     * @param detail a sentence for humans, or {@code null}
     */
    public HttpError(int status, String error, String detail) {
        super(error + (detail == null ? "" : ": " + detail), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HTTP error status must be 400-599, got " + status);
        }
        if (error == null || error.isEmpty()) {
            throw new IllegalArgumentException("error code must not be empty");
        }
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    /** 400 {@code bad_request}. */
    public static HttpError badRequest(String detail) {
        return new HttpError(400, "bad_request", detail);
    }

    /** 404 {@code not_found}. */
    public static HttpError notFound(String detail) {
        return new HttpError(404, "not_found", detail);
    }

    /** 409 {@code conflict}. */
    public static HttpError conflict(String detail) {
        return new HttpError(409, "conflict", detail);
    }

    /** 413 {@code payload_too_large}. */
    public static HttpError payloadTooLarge(String detail) {
        return new HttpError(413, "payload_too_large", detail);
    }

    /** 413 for a request body over the listener's limit. */
    static HttpError bodyTooLarge(int maxBodyBytes) {
        return payloadTooLarge("request body exceeds the limit of " + maxBodyBytes + " bytes");
    }

    /** 415 {@code unsupported_media_type}. */
    public static HttpError unsupportedMediaType(String detail) {
        return new HttpError(415, "unsupported_media_type", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
