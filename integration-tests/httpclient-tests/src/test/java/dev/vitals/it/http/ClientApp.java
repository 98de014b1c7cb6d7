package dev.vitals.it.http;

import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.net.RequestOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The application under test, run in the child JVM with the agent. It makes outbound calls when the test asks
 * through its control port ({@code GET /run?client=&method=&url=&timeoutMs=}, {@code /stripe?op=}, {@code /mail},
 * {@code /r4j?op=}) and answers with the call's status or {@code error:<exception class>}. The control server is
 * the JDK's com.sun.net.httpserver, which Vitals does not instrument, so only the calls under test are recorded.
 */
public final class ClientApp {
    private static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, CircuitBreaker> BREAKERS = new ConcurrentHashMap<>();

    private ClientApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.setExecutor(Executors.newFixedThreadPool(4));
        control.createContext("/run", e -> answer(e, () -> run(query(e))));
        control.createContext("/stripe", e -> answer(e, () -> stripe(query(e))));
        control.createContext("/mail", e -> answer(e, () -> mail(query(e))));
        control.createContext("/r4j", e -> answer(e, () -> r4j(query(e))));
        control.start();
        System.out.println("CLIENT-APP READY port=" + control.getAddress().getPort());
        if (java.util.Arrays.asList(args).contains("--servlet")) {
            System.out.println("CLIENT-APP SERVLET port=" + startServlet());
        }
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        System.exit(0);
    }

    /**
     * Servlet mode: an embedded Tomcat whose {@code GET /run} makes the same calls as the control port, so they
     * happen inside a servlet request that Vitals records with its per-request breakdown.
     */
    private static int startServlet() throws Exception {
        Tomcat tomcat = new Tomcat();
        java.io.File base = java.nio.file.Files.createTempDirectory("client-app-tomcat").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "run", new RunServlet());
        context.addServletMappingDecoded("/run", "run");
        tomcat.start();
        return connector.getLocalPort();
    }

    /** {@code GET /run?client=&method=&url=&timeoutMs=} inside a servlet request; answers like the control port. */
    static final class RunServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Map<String, String> q = new HashMap<>();
            req.getParameterMap().forEach((k, v) -> q.put(k, v[0]));
            String result;
            try {
                result = run(q);
            } catch (Exception ex) {
                result = "error:" + ex.getClass().getName();
            }
            resp.setContentType("text/plain");
            resp.getWriter().write(result);
        }
    }

    interface Call {
        String call() throws Exception;
    }

    /** Answers with the call's result, or {@code error:<class>}; with {@code report=root}, the root cause's class. */
    private static void answer(HttpExchange e, Call call) throws IOException {
        String result;
        try {
            result = call.call();
        } catch (Exception ex) {
            Throwable shown = ex;
            if ("root".equals(query(e).get("report"))) {
                while (shown.getCause() != null && shown.getCause() != shown) {
                    shown = shown.getCause();
                }
            }
            result = "error:" + shown.getClass().getName();
        }
        byte[] body = result.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(200, body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(HttpExchange e) {
        Map<String, String> q = new HashMap<>();
        String raw = e.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    static String run(Map<String, String> q) throws Exception {
        String client = q.get("client");
        String method = q.getOrDefault("method", "GET");
        String url = q.get("url");
        int timeoutMs = Integer.parseInt(q.getOrDefault("timeoutMs", "5000"));
        String body = method.equals("POST") ? "a=1" : null;
        switch (client) {
            case "jdk": {
                HttpResponse<String> r = JDK.send(jdkRequest(url, method, body, timeoutMs), HttpResponse.BodyHandlers.ofString());
                return Integer.toString(r.statusCode());
            }
            case "jdk-async": {
                try {
                    HttpResponse<String> r = JDK.sendAsync(jdkRequest(url, method, body, timeoutMs), HttpResponse.BodyHandlers.ofString())
                            .get(30, TimeUnit.SECONDS);
                    return Integer.toString(r.statusCode());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            }
            case "urlconnection": {
                HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
                c.setRequestMethod(method);
                c.setConnectTimeout(5000);
                c.setReadTimeout(timeoutMs);
                if (body != null) {
                    c.setDoOutput(true);
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) {
                        in.readAllBytes();
                    }
                }
                return Integer.toString(status);
            }
            case "apache4": {
                RequestConfig config = RequestConfig.custom().setConnectTimeout(5000).setSocketTimeout(timeoutMs).build();
                try (CloseableHttpClient http = HttpClients.custom().setDefaultRequestConfig(config).build()) {
                    HttpRequestBase request;
                    if (body != null) {
                        HttpEntityEnclosingRequestBase post = new org.apache.http.client.methods.HttpPost(url);
                        post.setEntity(new org.apache.http.entity.StringEntity(body));
                        request = post;
                    } else {
                        request = new org.apache.http.client.methods.HttpGet(url);
                    }
                    try (CloseableHttpResponse r = http.execute(request)) {
                        EntityUtils.consume(r.getEntity());
                        return Integer.toString(r.getStatusLine().getStatusCode());
                    }
                }
            }
            case "apache5": {
                org.apache.hc.client5.http.config.RequestConfig config = org.apache.hc.client5.http.config.RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build();
                try (org.apache.hc.client5.http.impl.classic.CloseableHttpClient http =
                             org.apache.hc.client5.http.impl.classic.HttpClients.custom().setDefaultRequestConfig(config).build()) {
                    HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
                    if (body != null) {
                        request.setEntity(new StringEntity(body));
                    }
                    Integer status = http.execute(request, response -> {
                        org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
                        return response.getCode();
                    });
                    return Integer.toString(status);
                }
            }
            case "apache5-async":
                return apache5Async(method, url, body, timeoutMs);
            case "apache5-minimal": {
                // The minimal async client has its own doExecute; no response timeout is set here.
                try (CloseableHttpAsyncClient http = HttpAsyncClients.createMinimal()) {
                    http.start();
                    return Integer.toString(http.execute(SimpleRequestBuilder.create(method).setUri(url).build(), null)
                            .get(30, TimeUnit.SECONDS).getCode());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            }
            case "okhttp": {
                OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(timeoutMs))
                        .connectTimeout(Duration.ofSeconds(5)).retryOnConnectionFailure(false).build();
                okhttp3.Request.Builder request = new okhttp3.Request.Builder().url(url);
                if (body != null) {
                    request.post(RequestBody.create(body, MediaType.get("application/x-www-form-urlencoded")));
                }
                try (okhttp3.Response r = http.newCall(request.build()).execute()) {
                    r.body().bytes();
                    return Integer.toString(r.code());
                } finally {
                    http.dispatcher().executorService().shutdown();
                    http.connectionPool().evictAll();
                }
            }
            default:
                throw new IllegalArgumentException(client);
        }
    }

    /**
     * Apache HttpClient 5 async. A GET goes through {@code execute(SimpleHttpRequest, FutureCallback)} and answers
     * with what the application's callback received (so a lost callback fails the test); any other method through
     * the five-argument {@code execute} with a {@code BasicResponseConsumer} and no callback, waiting on the future.
     */
    private static String apache5Async(String method, String url, String body, int timeoutMs) throws Exception {
        org.apache.hc.client5.http.config.RequestConfig config = org.apache.hc.client5.http.config.RequestConfig.custom()
                .setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build();
        try (CloseableHttpAsyncClient http = HttpAsyncClients.custom().setDefaultRequestConfig(config).build()) {
            http.start();
            try {
                if (method.equals("GET")) {
                    CompletableFuture<String> seen = new CompletableFuture<>();
                    http.execute(SimpleRequestBuilder.get(url).build(), new FutureCallback<SimpleHttpResponse>() {
                        @Override
                        public void completed(SimpleHttpResponse response) {
                            seen.complete(Integer.toString(response.getCode()));
                        }

                        @Override
                        public void failed(Exception ex) {
                            seen.completeExceptionally(ex);
                        }

                        @Override
                        public void cancelled() {
                            seen.cancel(false);
                        }
                    });
                    return seen.get(30, TimeUnit.SECONDS);
                }
                Future<org.apache.hc.core5.http.Message<org.apache.hc.core5.http.HttpResponse, String>> f = http.execute(
                        new BasicRequestProducer(method, URI.create(url),
                                body == null ? null : new StringAsyncEntityProducer(body, ContentType.APPLICATION_FORM_URLENCODED)),
                        new BasicResponseConsumer<>(new StringAsyncEntityConsumer()), null, null, null);
                return Integer.toString(f.get(30, TimeUnit.SECONDS).getHead().getCode());
            } catch (java.util.concurrent.ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
    }

    private static HttpRequest jdkRequest(String url, String method, String body, int timeoutMs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(timeoutMs));
        return (body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(body)))
                .build();
    }

    /** stripe-java with its API base pointed at the test's stand-in. */
    static String stripe(Map<String, String> q) throws Exception {
        Stripe.overrideApiBase(q.get("base"));
        Stripe.apiKey = q.get("key");
        RequestOptions options = RequestOptions.builder().setMaxNetworkRetries(0).build();
        if ("create".equals(q.get("op"))) {
            Map<String, Object> params = new HashMap<>();
            params.put("amount", 2000);
            params.put("currency", "usd");
            params.put("source", "tok_visa");
            return Charge.create(params, options).getId();
        }
        return Charge.retrieve(q.get("id"), options).getStatus();
    }

    static String mail(Map<String, String> q) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", q.get("port"));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("customer@example.com"));
        message.setSubject("Your order");
        message.setText("Thank you for your order.");
        Transport.send(message);
        return "sent";
    }

    /** A Resilience4j breaker driven through its whole cycle by recorded outcomes. */
    static String r4j(Map<String, String> q) {
        String name = q.get("name");
        CircuitBreaker cb = BREAKERS.computeIfAbsent(name, n -> CircuitBreaker.of(n, CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(500)).permittedNumberOfCallsInHalfOpenState(1).build()));
        switch (q.get("op")) {
            case "fail":
                cb.onError(0, TimeUnit.MILLISECONDS, new IOException("provider down"));
                break;
            case "succeed":
                if (cb.tryAcquirePermission()) {
                    cb.onSuccess(1, TimeUnit.MILLISECONDS);
                }
                break;
            case "half-open":
                cb.transitionToHalfOpenState();
                break;
            default:
                break;
        }
        return cb.getState().name();
    }
}
