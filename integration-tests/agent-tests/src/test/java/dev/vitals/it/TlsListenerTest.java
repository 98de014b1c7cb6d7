package dev.vitals.it;

import example.SleeperApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS on the agent's listener, in a child JVM with the real agent: a CA and server certificates made with the
 * {@code openssl} CLI, curl trusting only that CA on {@code /metrics} and {@code /health}, the JDK's WebSocket
 * client on the stream over TLS, a client that never finishes its handshake disconnected, a certificate rotated on disk and served without a restart (a broken
 * replacement keeps the previous one), and the Prometheus scrape configuration shipped in {@code deploy/}:
 * {@code promtool check config}, then a real Prometheus scraping the listener with it.
 */
class TlsListenerTest {
    static final Path DEPLOY = Paths.get(System.getProperty("vitals.deploy.dir", "../../deploy")).toAbsolutePath().normalize();
    private static final String TOKEN = "tls-t0ken-4711";
    private static TestCa ca;
    private static Path dir;
    private static Path certFile;
    private static Path keyFile;
    private static AgentProcess agent;
    private static SSLContext trustingTheCa;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("vitals-tls");
        dir = ca.dir;
        // The first certificate has an EC key, the one rotated in an RSA key: both PKCS#8, as genpkey writes them.
        ca.serverCertificate("first", "EC", 1001);
        certFile = dir.resolve("tls.crt");
        keyFile = dir.resolve("tls.key");
        Files.copy(dir.resolve("first.pem"), certFile);
        Files.copy(dir.resolve("first.key"), keyFile);
        trustingTheCa = ca.clientContext();
        agent = AgentProcess.main(SleeperApp.class).name("tls")
                .agentArg("exporter.tls.cert", certFile.toString()).agentArg("exporter.tls.key", keyFile.toString())
                .agentArg("auth.token", TOKEN).agentArg("auth.scope", "all").start();
        agent.agentPort();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void curlTrustingOnlyTheTestCaReadsMetricsAndHealthOverHttp11() throws Exception {
        assertTrue(agent.stderr().contains("listening on https://"), agent.describe());
        String metrics = curl("/metrics");
        assertTrue(metrics.startsWith("200 1.1\n"), metrics);
        assertTrue(metrics.contains("# TYPE "), metrics);
        String health = curl("/health");
        assertTrue(health.startsWith("200 1.1\n") && health.contains("\"status\""), health);
        // Clear text on the TLS port gets no HTTP answer at all: the listener never falls back to plain HTTP.
        Process plain = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10",
                "http://127.0.0.1:" + agent.agentPort() + "/health/ping").redirectErrorStream(true).start();
        String code = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(plain.waitFor(30, TimeUnit.SECONDS));
        assertFalse(code.startsWith("2"), "plain HTTP on the TLS port: " + code);
    }

    @Test
    void aClientThatNeverFinishesItsHandshakeIsDisconnected() throws Exception {
        try (Socket s = new Socket("127.0.0.1", agent.agentPort())) {
            // The start of a ClientHello, then nothing: a slowloris for TLS.
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00});
            s.setSoTimeout(30_000);
            int read;
            try {
                read = s.getInputStream().read();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the connection is still open after 30 s", e);
            } catch (java.net.SocketException e) {
                read = -1; // reset by the listener
            }
            assertEquals(-1, read, "closed by the listener, without an answer");
        }
    }

    @Test
    void theStreamWorksOverTls() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = HttpClient.newBuilder().sslContext(trustingTheCa).build().newWebSocketBuilder()
                .header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create("wss://127.0.0.1:" + agent.agentPort() + "/metrics/stream?interval=1000"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    first.complete(text.toString());
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                .get(30, TimeUnit.SECONDS);
        try {
            String message = first.get(30, TimeUnit.SECONDS);
            assertTrue(message.contains("\"type\":\"snapshot\""), message);
        } finally {
            socket.abort();
        }
    }

    @Test
    void aRotatedCertificateIsServedWithoutARestartAndABrokenOneKeepsThePrevious() throws Exception {
        assertEquals(BigInteger.valueOf(1001), servedSerial());
        long pid = agent.pid();
        ca.serverCertificate("second", "RSA", 2002);
        // Like a Kubernetes secret volume: each file replaced whole, key first.
        replace(dir.resolve("second.key"), keyFile);
        replace(dir.resolve("second.pem"), certFile);
        Await.until("the new certificate is served", Duration.ofSeconds(60), TlsListenerTest::servedSerial,
                serial -> serial.equals(BigInteger.valueOf(2002)));
        assertTrue(curl("/health/ping").startsWith("200 "), "curl trusts the new certificate through the same CA");
        assertTrue(Pattern.compile("(?m)^\\[vitals] INFO TLS certificate reloaded: CN=localhost").matcher(agent.stderr())
                .find(), agent.describe());

        int before = agent.stderr().length();
        Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        replace(dir.resolve("garbage.key"), keyFile);
        Await.until("the broken key is reported", Duration.ofSeconds(60),
                () -> agent.stderr().contains("cannot use the TLS certificate"));
        assertEquals(BigInteger.valueOf(2002), servedSerial(), "the previous certificate stays in use");
        assertTrue(curl("/health/ping").startsWith("200 "));
        assertEquals(pid, agent.pid(), "no restart");
        // The files are read every 5 s: two more checks give a repeated report the chance to appear.
        Thread.sleep(11_000);
        long reports = agent.stderr().substring(before).lines()
                .filter(l -> l.contains("cannot use the TLS certificate")).count();
        assertEquals(1, reports, "reported once, not at every check" + agent.describe());
        replace(dir.resolve("second.key"), keyFile);
    }

    @Test
    void theShippedScrapeConfigPassesPromtoolAndPrometheusScrapesOverTls() throws Exception {
        Path promtool = Services.requireExecutable("promtool");
        Path prometheusDir = Files.createDirectories(dir.resolve("prometheus"));
        Files.copy(dir.resolve("ca.pem"), prometheusDir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(prometheusDir.resolve("token"), TOKEN);
        String shipped = Files.readString(DEPLOY.resolve("prometheus/vitals-tls-scrape.yml"));
        assertTrue(shipped.contains("/etc/prometheus/vitals/") && shipped.contains("shop.example.svc:9715"), shipped);
        Path config = prometheusDir.resolve("prometheus.yml");
        Files.writeString(config, shipped.replace("/etc/prometheus/vitals/", prometheusDir + "/")
                .replace("shop.example.svc:9715", "localhost:" + agent.agentPort())
                .replace("scrape_interval: 15s", "scrape_interval: 1s").replace("scrape_timeout: 10s", "scrape_timeout: 1s"));
        String check = Command.run(dir, promtool.toString(), "check", "config", config.toString());
        assertTrue(check.contains("SUCCESS"), check);

        Path prometheus = Services.requireExecutable("prometheus");
        int port = AgentProcess.freePort();
        Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + prometheusDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(prometheusDir.resolve("prometheus.log").toFile()).start();
        try {
            URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=up%7Bjob%3D%22vitals%22%7D");
            Await.until("Prometheus scraped the listener over TLS", Duration.ofSeconds(90), () -> {
                try {
                    return Http.get(query).body();
                } catch (RuntimeException e) {
                    return e.toString();
                }
            }, body -> body.contains("\"value\":[") && body.matches("(?s).*\"value\":\\[[0-9.]+,\"1\"\\].*"));
            URI targets = URI.create("http://127.0.0.1:" + port + "/api/v1/targets");
            String body = Http.get(targets).body();
            assertTrue(body.contains("\"scrapeUrl\":\"https://localhost:" + agent.agentPort() + "/metrics\""), body);
            assertTrue(body.contains("\"health\":\"up\""), body);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Status and HTTP version on the first line, then the body; curl trusts only the test CA. */
    private static String curl(String path) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "15", "--cacert", dir.resolve("ca.pem").toString(),
                "-H", "Authorization: Bearer " + TOKEN, "-w", "\n%{http_code} %{http_version}",
                "https://127.0.0.1:" + agent.agentPort() + path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, p.exitValue(), "curl " + path + ":\n" + out);
        int last = out.lastIndexOf('\n');
        return out.substring(last + 1) + "\n" + out.substring(0, last);
    }

    /** The serial number of the certificate a fresh TLS connection is served. */
    private static BigInteger servedSerial() {
        try (Socket plain = new Socket("127.0.0.1", agent.agentPort());
             SSLSocket tls = (SSLSocket) trustingTheCa.getSocketFactory().createSocket(plain, "localhost",
                     agent.agentPort(), true)) {
            tls.startHandshake();
            return ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (Exception e) {
            throw new IllegalStateException("TLS handshake failed: " + e, e);
        }
    }

    private static void replace(Path source, Path target) throws Exception {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
