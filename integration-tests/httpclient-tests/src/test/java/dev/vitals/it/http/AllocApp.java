package dev.vitals.it.http;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link AdviceAllocationTest}: makes {@code calls} warm-up calls and then {@code calls} measured
 * calls with one client kept across calls, and prints the bytes the calling thread allocated in the measured ones
 * ({@code ALLOC bytes=}). Args: client, URL, calls, and {@code advised} to first wait until the agent's recorder is
 * installed (the no-op lives in the bootstrap package, the agent's recorder does not).
 */
public final class AllocApp {
    private AllocApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        int calls = Integer.parseInt(args[2]);
        Callable<Integer> call = client(args[0], url);
        if (args.length > 3 && args[3].equals("advised")) {
            // The agent's bootstrap classes are not on this class path: reach its hook by name.
            java.lang.reflect.Method recorder = Class.forName("dev.vitals.bootstrap.http.ClientHooks").getMethod("recorder");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (recorder.invoke(null).getClass().getName().startsWith("dev.vitals.bootstrap.")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // still the no-op
            }
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < calls; i++) {
            check(call.call());
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            check(call.call());
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.println("ALLOC bytes=" + bytes);
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
    }

    private static Callable<Integer> client(String client, String url) {
        switch (client) {
            case "urlconnection":
                return () -> {
                    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
                    int status = c.getResponseCode();
                    try (InputStream in = c.getInputStream()) {
                        in.readAllBytes();
                    }
                    return status;
                };
            case "apache4": {
                org.apache.http.impl.client.CloseableHttpClient http = org.apache.http.impl.client.HttpClients.createDefault();
                org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(url);
                return () -> {
                    try (org.apache.http.client.methods.CloseableHttpResponse r = http.execute(get)) {
                        org.apache.http.util.EntityUtils.consume(r.getEntity());
                        return r.getStatusLine().getStatusCode();
                    }
                };
            }
            case "apache5": {
                org.apache.hc.client5.http.impl.classic.CloseableHttpClient http =
                        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
                return () -> http.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url), r -> {
                    org.apache.hc.core5.http.io.entity.EntityUtils.consume(r.getEntity());
                    return r.getCode();
                });
            }
            case "okhttp": {
                okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
                okhttp3.Request request = new okhttp3.Request.Builder().url(url).build();
                return () -> {
                    try (okhttp3.Response r = http.newCall(request).execute()) {
                        r.body().bytes();
                        return r.code();
                    }
                };
            }
            default:
                throw new IllegalArgumentException(client);
        }
    }
}
