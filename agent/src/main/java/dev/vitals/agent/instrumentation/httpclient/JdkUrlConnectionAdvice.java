package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;

import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Advice on the JDK's {@code sun.net.www.protocol.http.HttpURLConnection}, which also serves HTTPS (the
 * {@code HttpsURLConnection} delegates to a subclass of it), so both schemes are recorded here, once.
 *
 * <p>Inlined into a {@code java.base} class: it may reference only the JDK and {@code dev.vitals.bootstrap} (the
 * agent adds the read edge from {@code java.base} to the bootstrap classes' module); anything else fails there.
 *
 * <p>{@code getInputStream} is where the exchange happens (it connects, writes the request if needed and reads
 * the response head), and {@code HttpURLConnection.getResponseCode} calls it. A call is recorded when the
 * response has not been read yet ({@code responseCode == -1}) and no earlier failure is remembered, so
 * {@code getResponseCode()} followed by {@code getInputStream()} counts once. A failure of {@code connect} or
 * {@code getOutputStream} (connection refused, connect timeout, TLS) is recorded there.
 */
public final class JdkUrlConnectionAdvice {
    private JdkUrlConnectionAdvice() {
    }

    /** {@code getInputStream()}: records the exchange with its status, or its failure. */
    public static final class InputStream {
        private InputStream() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("responseCode") int responseCode,
                                 @Advice.FieldValue("rememberedException") Object remembered) {
            long start = CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
            return responseCode != -1 || remembered != null ? 0L : start;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter long start,
                                @Advice.FieldValue("responseCode") int responseCode, @Advice.Thrown Throwable thrown) {
            CallDepth.exit(CallDepth.HTTP_CLIENT);
            if (start == 0L) {
                return;
            }
            URL url = connection.getURL();
            int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
            // A 4xx/5xx makes getInputStream throw after the status was read: that is a response, not an error.
            ClientHooks.recorder().httpEnd(connection.getRequestMethod(), url.getHost(), port,
                    responseCode > 0 ? responseCode : 0, responseCode > 0 ? null : thrown, start);
        }
    }

    /** {@code connect()} and {@code getOutputStream()}: only their failures are recorded. */
    public static final class Connect {
        private Connect() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.FieldValue("responseCode") int responseCode,
                                 @Advice.FieldValue("rememberedException") Object remembered) {
            long start = CallDepth.enterTimed(CallDepth.HTTP_CLIENT);
            return responseCode != -1 || remembered != null ? 0L : start;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This HttpURLConnection connection, @Advice.Enter long start,
                                @Advice.Thrown Throwable thrown) {
            CallDepth.exit(CallDepth.HTTP_CLIENT);
            if (start == 0L || thrown == null) {
                return;
            }
            URL url = connection.getURL();
            int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
            ClientHooks.recorder().httpEnd(connection.getRequestMethod(), url.getHost(), port, 0, thrown, start);
        }
    }
}
