package dev.vitals.agent.alerts.notify;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The small subset of SMTP (RFC 5321) that alert mail needs, over one connection per message: EHLO, STARTTLS
 * (RFC 3207) or implicit TLS ("smtps", RFC 8314), AUTH PLAIN or LOGIN (RFC 4954), MAIL, RCPT, DATA with
 * dot-stuffing, QUIT.
 *
 * <p>Why not Jakarta Mail: it is about 1 MB with activation, finds its transports through provider resource
 * files that the agent's package relocation does not rewrite, and the mail instrumentation watches
 * {@code jakarta.mail.Transport}, so the agent's own alert mail would be recorded as application mail.
 *
 * <p>Security: with {@code starttls} the upgrade is mandatory (no silent fallback to plain text when the
 * server does not offer it), credentials are only sent over TLS unless the mode is {@code none}, and the
 * server's host name is verified unless configured otherwise. Not thread-safe; one instance per message.
 */
final class SmtpClient {
    enum Tls { STARTTLS, SMTPS, NONE }

    private final String host;
    private final int port;
    private final Tls tls;
    private final SSLContext ssl;
    private final boolean verifyHostname;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpClient(String host, int port, Tls tls, SSLContext ssl, boolean verifyHostname, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.ssl = ssl;
        this.verifyHostname = verifyHostname;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends one message; throws {@link DeliveryException} with the server's reply on refusal. */
    void send(String username, String password, String from, List<String> to, byte[] message) throws Exception {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            socket = tls == Tls.SMTPS ? upgrade(plain) : plain;
            streams();
            expect(reply(), 220, "greeting");
            List<String> ehlo = ehlo();
            if (tls == Tls.STARTTLS) {
                if (!has(ehlo, "STARTTLS")) {
                    throw new DeliveryException("the SMTP server does not offer STARTTLS (alerts.email.tls=starttls)");
                }
                command("STARTTLS", 220);
                socket = upgrade(socket);
                streams();
                ehlo = ehlo();
            }
            if (username != null && !username.isEmpty()) {
                authenticate(ehlo, username, password == null ? "" : password);
            }
            command("MAIL FROM:<" + address(from) + ">", 250);
            for (String rcpt : to) {
                command("RCPT TO:<" + address(rcpt) + ">", 250, 251);
            }
            command("DATA", 354);
            out.write(dotStuff(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(reply(), 250, "message");
            try {
                command("QUIT", 221);
            } catch (IOException | DeliveryException e) {
                // The message is accepted; a server that drops the connection at QUIT changes nothing.
            }
        } finally {
            try {
                (socket != null ? socket : plain).close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private Socket upgrade(Socket s) throws IOException {
        SSLSocketFactory factory = ssl.getSocketFactory();
        SSLSocket t = (SSLSocket) factory.createSocket(s, host, port, true);
        if (verifyHostname) {
            SSLParameters p = t.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            t.setSSLParameters(p);
        }
        t.setSoTimeout(timeoutMillis);
        t.startHandshake();
        return t;
    }

    private List<String> ehlo() throws Exception {
        String name = "vitals-agent";
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            // keep the generic name
        }
        write("EHLO " + name);
        List<String> lines = reply();
        expect(lines, 250, "EHLO");
        return lines;
    }

    private static boolean has(List<String> ehlo, String extension) {
        for (String line : ehlo) {
            String l = line.length() > 4 ? line.substring(4).toUpperCase(Locale.ROOT) : "";
            if (l.equals(extension) || l.startsWith(extension + " ")) {
                return true;
            }
        }
        return false;
    }

    private void authenticate(List<String> ehlo, String username, String password) throws Exception {
        if (tls == Tls.NONE) {
            // Explicitly configured plain text: the operator chose it (e.g. a relay on localhost).
        } else if (!(socket instanceof SSLSocket)) {
            throw new DeliveryException("refusing to send SMTP credentials without TLS");
        }
        String mechanisms = "";
        for (String line : ehlo) {
            String l = line.length() > 4 ? line.substring(4).toUpperCase(Locale.ROOT) : "";
            if (l.startsWith("AUTH ") || l.startsWith("AUTH=")) {
                mechanisms = l.substring(5);
            }
        }
        if (mechanisms.contains("PLAIN")) {
            String token = Base64.getEncoder().encodeToString(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
            command("AUTH PLAIN " + token, 235);
        } else if (mechanisms.contains("LOGIN")) {
            command("AUTH LOGIN", 334);
            command(Base64.getEncoder().encodeToString(username.getBytes(StandardCharsets.UTF_8)), 334);
            command(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)), 235);
        } else {
            throw new DeliveryException("the SMTP server offers no AUTH PLAIN or LOGIN (offers '" + mechanisms + "')");
        }
    }

    private void command(String line, int... accepted) throws Exception {
        write(line);
        List<String> reply = reply();
        int code = code(reply);
        for (int a : accepted) {
            if (code == a) {
                return;
            }
        }
        String verb = line.startsWith("AUTH") ? "AUTH" : line.split(" ")[0];
        throw new DeliveryException("SMTP " + verb + " refused: " + last(reply));
    }

    private void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One reply: every line up to the one with a space after the code. */
    private List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("the SMTP server closed the connection");
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
            if (lines.size() > 100) {
                throw new IOException("SMTP reply of more than 100 lines");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(80);
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            if (b.size() > 4096) {
                throw new IOException("SMTP reply line longer than 4096 bytes");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8.name());
    }

    private static void expect(List<String> reply, int code, String what) throws DeliveryException {
        if (code(reply) != code) {
            throw new DeliveryException("SMTP " + what + " refused: " + last(reply));
        }
    }

    private static int code(List<String> reply) {
        String l = reply.get(reply.size() - 1);
        try {
            return Integer.parseInt(l.substring(0, 3));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String last(List<String> reply) {
        String l = reply.get(reply.size() - 1);
        return l.length() > 200 ? l.substring(0, 200) : l;
    }

    /** An address with anything that could end the command or the brackets removed. */
    static String address(String a) {
        String s = a.trim();
        int lt = s.indexOf('<');
        int gt = s.indexOf('>');
        if (lt >= 0 && gt > lt) {
            s = s.substring(lt + 1, gt);
        }
        return s.replaceAll("[\\r\\n<>\\s]", "");
    }

    /** CRLF line ends, and a '.' doubled at the start of a line (RFC 5321 4.5.2); ends with CRLF. */
    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte c = message[i];
            if (c == '\n' && (i == 0 || message[i - 1] != '\r')) {
                b.write('\r');
            }
            if (lineStart && c == '.') {
                b.write('.');
            }
            b.write(c);
            lineStart = c == '\n';
        }
        if (!lineStart) {
            b.write('\r');
            b.write('\n');
        }
        return b.toByteArray();
    }
}
