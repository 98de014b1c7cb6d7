package dev.vitals.bootstrap.http;

import dev.vitals.bootstrap.FirstUse;

/**
 * The static entry point that outbound-call advice calls: {@code ClientHooks.recorder().httpEnd(...)}.
 *
 * <p>One volatile field, written once by the agent at install; reading it is a plain volatile read, so the
 * hot path takes no lock and allocates nothing. Advice guards re-entry with
 * {@link dev.vitals.bootstrap.CallDepth#HTTP_CLIENT} (or {@code MAIL}), so a client layered over another
 * (stripe-java over {@code HttpURLConnection}, {@code HttpsURLConnection} over its HTTP delegate) is recorded
 * once, by the outermost call. The agent's own health-check traffic raises that depth around its calls, which
 * is how it stays out of the application's figures.
 */
public final class ClientHooks {
    private static volatile ClientRecorder recorder = ClientRecorder.NOOP;
    private static final FirstUse FIRST_USE = new FirstUse();

    private ClientHooks() {
    }

    /** {@code port}, or the scheme's default (443 for https, else 80) when it is negative (none in the URL). */
    public static int portOrDefault(String scheme, int port) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    public static ClientRecorder recorder() {
        ClientRecorder r = recorder;
        if (r == ClientRecorder.NOOP) {
            FIRST_USE.run();
            r = recorder;
        }
        return r;
    }

    /** Installs the agent's recorder; {@code null} restores the no-op. */
    public static void install(ClientRecorder r) {
        recorder = r == null ? ClientRecorder.NOOP : r;
    }

    /** The agent's wiring of this hook's recorder, run by the first call that finds none; null once it has run. */
    public static void wireOnFirstUse(Runnable wiring) {
        FIRST_USE.set(wiring);
    }
}
