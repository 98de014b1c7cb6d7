package dev.vitals.agent.instrumentation.httpclient;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound HTTP module's type matchers on the JDK's own clients and on Apache HttpClient 4.5, HttpClient 5.4
 * (classic and async) and OkHttp 4's real classes.
 */
class HttpClientTypesTest {
    private final InstalledTypeMatchers http = InstalledTypeMatchers.of(new HttpClientInstrumentation());

    @Test
    void acceptsTheClientsThatSendRequests() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("httpclient-", "httpcore-", "httpclient5-", "httpcore5-", "okhttp-")) {
            assertTrue(lib.matches(http, "sun.net.www.protocol.http.HttpURLConnection"), "the JDK's HttpURLConnection");
            assertTrue(lib.matches(http, "jdk.internal.net.http.HttpClientImpl"), "the JDK's HttpClient");
            assertTrue(lib.matches(http, "org.apache.http.impl.client.InternalHttpClient"), "what HttpClients builds");
            assertTrue(lib.matches(http, "org.apache.http.impl.client.MinimalHttpClient"));
            assertTrue(lib.matches(http, "org.apache.http.impl.client.DefaultHttpClient"), "the deprecated one, two levels down");
            assertTrue(lib.matches(http, "org.apache.hc.client5.http.impl.classic.InternalHttpClient"));
            assertTrue(lib.matches(http, "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"));
            assertTrue(lib.matches(http, "org.apache.hc.client5.http.impl.async.InternalHttpAsyncClient"));
            assertTrue(lib.matches(http, "org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient"));
            assertTrue(lib.matches(http, "okhttp3.internal.connection.RealCall"));
        }
    }

    @Test
    void apacheClientsAreDecidedFromTheirHeadersAsTheyLoadWithoutADescription() throws Exception {
        assertTrue(http.decideFromHeaders(), "every rule decides from names and headers: no class is described");
        try (LibraryClasses lib = LibraryClasses.of("httpclient-", "httpcore-", "httpclient5-", "httpcore5-")) {
            for (String taken : new String[] {"org.apache.http.impl.client.InternalHttpClient",
                    "org.apache.http.impl.client.MinimalHttpClient", "org.apache.http.impl.client.DefaultHttpClient",
                    "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                    "org.apache.hc.client5.http.impl.classic.MinimalHttpClient",
                    "org.apache.hc.client5.http.impl.async.InternalHttpAsyncClient",
                    "org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient"}) {
                assertTrue(http.mayMatch(lib, taken), taken + ", from its header and its supertypes' class files");
            }
            for (String left : new String[] {"org.apache.http.impl.client.HttpClientBuilder",
                    "org.apache.http.impl.client.DecompressingHttpClient",
                    "org.apache.hc.client5.http.impl.classic.HttpClientBuilder",
                    "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder",
                    "org.apache.http.client.HttpClient", "org.apache.hc.client5.http.classic.HttpClient"}) {
                assertFalse(http.mayMatch(lib, left), left);
            }
        }
    }

    @Test
    void rejectsBuildersApisAndNamesakes() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("httpclient-", "httpcore-", "httpclient5-", "httpcore5-", "okhttp-")) {
            assertFalse(lib.matches(http, "java.net.HttpURLConnection"), "the API class of the same simple name");
            assertFalse(lib.matches(http, "javax.net.ssl.HttpsURLConnection"), "an API subclass");
            assertFalse(lib.matches(http, "java.net.http.HttpClient"), "the API of the JDK's client");
            assertFalse(lib.matches(http, "org.apache.http.impl.client.HttpClientBuilder"), "a builder in the package");
            assertFalse(lib.matches(http, "org.apache.http.impl.client.DecompressingHttpClient"),
                    "an HttpClient in the package that is no CloseableHttpClient");
            assertFalse(lib.matches(http, "org.apache.hc.client5.http.impl.classic.HttpClientBuilder"));
            assertFalse(lib.matches(http, "org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder"));
            assertFalse(lib.matches(http, "okhttp3.Call"), "the interface; RealCall is the one that runs");
            assertFalse(lib.matches(http, "okhttp3.OkHttpClient"));
            assertFalse(lib.matches(http, "okhttp3.internal.connection.RealConnection"), "a neighbour of RealCall");
        }
    }
}
