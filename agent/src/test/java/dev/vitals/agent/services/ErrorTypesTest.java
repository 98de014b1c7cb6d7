package dev.vitals.agent.services;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorTypesTest {
    private final ErrorTypes types = new ErrorTypes(50);

    @Test
    void kinds() {
        assertEquals("none", types.of(null));
        assertEquals("connect_refused", types.of(new ConnectException("Connection refused")));
        assertEquals("connect_timeout", types.of(new ConnectException("connect timed out")));
        assertEquals("connect_timeout", types.of(new SocketTimeoutException("Connect timed out")));
        assertEquals("connect_timeout", types.of(new HttpConnectTimeoutException("HTTP connect timed out")));
        assertEquals("timeout", types.of(new SocketTimeoutException("Read timed out")));
        assertEquals("timeout", types.of(new HttpTimeoutException("request timed out")));
        assertEquals("timeout", types.of(new InterruptedIOException("timeout")));
        assertEquals("tls", types.of(new SSLHandshakeException("PKIX path building failed")));
        assertEquals("unknown_host", types.of(new UnknownHostException("nowhere.invalid")));
        // SDKs wrap the cause: stripe-java's ApiConnectionException, Jakarta Mail's MailConnectException.
        assertEquals("connect_refused", types.of(new RuntimeException("wrapped", new IOException("io", new ConnectException()))));
    }

    @Test
    void anyOtherFailureIsItsRootCauseClass() {
        assertEquals("java.io.IOException", types.of(new IOException("Broken pipe")));
        assertEquals("java.lang.IllegalStateException", types.of(new IllegalStateException("x")));
        // Beneath an SDK's and a client's wrappers, what went wrong.
        assertEquals("java.net.SocketException", types.of(new RuntimeException("sdk",
                new IOException("client", new java.net.SocketException("Connection reset")))));
        assertEquals("java.net.ProtocolException", ErrorTypes.describe(new IOException(new java.net.ProtocolException("bad"))));
    }

    @Test
    void classNamesAreCappedAndTheRestAreOther() {
        ErrorTypes two = new ErrorTypes(2);
        assertEquals("java.io.IOException", two.of(new IOException()));
        assertEquals("java.io.EOFException", two.of(new java.io.EOFException()));
        assertEquals("other", two.of(new IllegalStateException()));
        // Known classes keep their label; the kinds are never capped.
        assertEquals("java.io.IOException", two.of(new IOException("again")));
        assertEquals("timeout", two.of(new SocketTimeoutException("Read timed out")));
        // A health check's message names the class whatever the cap.
        assertEquals("java.lang.IllegalStateException", ErrorTypes.describe(new IllegalStateException()));
    }
}
