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
    @Test
    void kinds() {
        assertEquals("none", ErrorTypes.of(null));
        assertEquals("connect_refused", ErrorTypes.of(new ConnectException("Connection refused")));
        assertEquals("connect_timeout", ErrorTypes.of(new ConnectException("connect timed out")));
        assertEquals("connect_timeout", ErrorTypes.of(new SocketTimeoutException("Connect timed out")));
        assertEquals("connect_timeout", ErrorTypes.of(new HttpConnectTimeoutException("HTTP connect timed out")));
        assertEquals("timeout", ErrorTypes.of(new SocketTimeoutException("Read timed out")));
        assertEquals("timeout", ErrorTypes.of(new HttpTimeoutException("request timed out")));
        assertEquals("timeout", ErrorTypes.of(new InterruptedIOException("timeout")));
        assertEquals("tls", ErrorTypes.of(new SSLHandshakeException("PKIX path building failed")));
        assertEquals("unknown_host", ErrorTypes.of(new UnknownHostException("nowhere.invalid")));
        assertEquals("io", ErrorTypes.of(new IOException("Broken pipe")));
        assertEquals("other", ErrorTypes.of(new IllegalStateException("x")));
        // SDKs wrap the cause: stripe-java's ApiConnectionException, Jakarta Mail's MailConnectException.
        assertEquals("connect_refused", ErrorTypes.of(new RuntimeException("wrapped", new IOException("io", new ConnectException()))));
    }
}
