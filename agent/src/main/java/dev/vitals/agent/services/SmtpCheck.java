package dev.vitals.agent.services;

import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The email service's check when {@code services.smtp} names an SMTP server: a TCP connect and the server's
 * {@code 220} greeting, then {@code QUIT}. No mail is sent and no credentials are used. Gated by the email
 * service's breaker view like {@link ServiceCheck}.
 */
final class SmtpCheck implements HealthCheck {
    private static final int MAX_BANNER = 4096;

    private final String host;
    private final int port;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final ServiceState state;

    SmtpCheck(String hostPort, long intervalMillis, long timeoutMillis, ServiceState state) {
        String h = hostPort.trim();
        int p = 25;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) {
            try {
                p = Integer.parseInt(h.substring(colon + 1));
                h = h.substring(0, colon);
            } catch (NumberFormatException e) {
                p = 25;
            }
        }
        this.host = h;
        this.port = p;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        this.state = state;
    }

    @Override
    public String name() {
        return Services.EMAIL;
    }

    @Override
    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public long timeoutMillis() {
        return timeoutMillis + 1_000;
    }

    @Override
    public CheckResult run() {
        if (!state.tryTrial()) {
            return CheckResult.unhealthy("Email service circuit open; no check sent, next trial in "
                    + (state.millisUntilTrial() + 999) / 1000 + " s").detail("circuitBreaker", state.state().name());
        }
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeoutMillis);
            socket.setSoTimeout((int) timeoutMillis);
            String code = readReplyCode(socket.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            try {
                OutputStream out = socket.getOutputStream();
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (Exception ignored) {
                // the greeting decided the outcome
            }
            boolean ok = "220".equals(code);
            state.recordCheck(!ok, ok ? null : "SMTP " + code);
            CheckResult result = ok ? CheckResult.healthy("Email service connected: SMTP " + host + ":" + port + " ready (" + millis + "ms)")
                    : CheckResult.unhealthy("Email service: SMTP " + host + ":" + port + " greeted with " + code);
            return result.observed(millis, "ms").detail("smtp", host + ":" + port).detail("circuitBreaker", state.state().name());
        } catch (Exception e) {
            String kind = ErrorTypes.describe(e);
            state.recordCheck(true, kind);
            return CheckResult.unhealthy("Email service unreachable: SMTP " + host + ":" + port + " (" + kind + ")")
                    .detail("smtp", host + ":" + port).detail("circuitBreaker", state.state().name());
        }
    }

    /** The three-digit code of the greeting's last line (continuation lines are {@code 220-...}). */
    static String readReplyCode(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (total++ < MAX_BANNER) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            if (b == '\n') {
                String l = line.toString().trim();
                if (l.length() >= 3 && (l.length() == 3 || l.charAt(3) != '-')) {
                    return l.substring(0, 3);
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
        String l = line.toString().trim();
        return l.length() >= 3 ? l.substring(0, 3) : "no greeting";
    }
}
