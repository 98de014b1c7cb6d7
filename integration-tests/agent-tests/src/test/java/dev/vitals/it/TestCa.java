package dev.vitals.it;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made with the {@code openssl} CLI in a directory of its own ({@code ca.pem}), and server
 * certificates it signs for {@code localhost} and {@code 127.0.0.1}, as cert-manager would issue them.
 */
final class TestCa {
    final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    /** A new CA in a new temporary directory; needs {@code openssl} on the PATH. */
    static TestCa create(String prefix) throws Exception {
        Services.requireExecutable("openssl");
        TestCa ca = new TestCa(AgentProcess.tempDir(prefix));
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Vitals test CA");
        Files.writeString(ca.dir.resolve("san.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        return ca;
    }

    Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** {@code name.key} (PKCS#8, EC or RSA) and {@code name.pem}, signed by this CA with the given serial. */
    void serverCertificate(String name, String algorithm, long serial) throws Exception {
        List<String> genpkey = new ArrayList<>(List.of("genpkey", "-algorithm", algorithm, "-out", name + ".key"));
        genpkey.addAll("EC".equals(algorithm) ? List.of("-pkeyopt", "ec_paramgen_curve:P-256")
                : List.of("-pkeyopt", "rsa_keygen_bits:2048"));
        openssl(genpkey.toArray(new String[0]));
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=localhost", "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
                String.valueOf(serial), "-days", "2", "-extfile", "san.cnf", "-out", name + ".pem");
    }

    /** A client context that trusts this CA and nothing else. */
    SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Command.run(dir, command.toArray(new String[0]));
    }
}
