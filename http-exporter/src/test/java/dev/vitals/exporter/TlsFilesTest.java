package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unusable certificate and key files: one report per problem, with what to do, and never a pair in use. */
class TlsFilesTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    @Test
    void missingFilesAreReportedOnceUntilTheProblemChanges() throws Exception {
        TlsFiles files = new TlsFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"), (m, e) -> lines.add(m));
        assertFalse(files.reload());
        assertFalse(files.reload());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("cannot read the TLS certificate or key"), lines.get(0));
        assertTrue(lines.get(0).contains("TLS handshakes fail until both files are valid"), lines.get(0));
        assertFalse(files.ready());
        assertEquals("none", files.describe());

        Files.writeString(dir.resolve("tls.crt"), "not a certificate");
        Files.writeString(dir.resolve("tls.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertFalse(files.reload());
        assertEquals(2, lines.size(), "a new problem is a new line: " + lines);
        assertFalse(files.ready());
    }

    @Test
    void onlyUnencryptedPkcs8KeysAreAcceptedAndTheRefusalSaysHowToConvert() throws Exception {
        Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        for (String label : new String[] {"RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PUBLIC KEY"}) {
            Files.writeString(dir.resolve("tls.key"), "-----BEGIN " + label + "-----\nAAAA\n-----END " + label + "-----\n");
            lines.clear();
            assertFalse(new TlsFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"), (m, e) -> lines.add(m)).reload());
            assertEquals(1, lines.size(), label + ": " + lines);
            String expected = label.equals("ENCRYPTED PRIVATE KEY") ? "give an unencrypted PKCS#8 key"
                    : label.equals("PUBLIC KEY") ? "no PKCS#8 'BEGIN PRIVATE KEY' block" : "openssl pkcs8 -topk8 -nocrypt";
            assertTrue(lines.get(0).contains(expected), label + ": " + lines.get(0));
        }
        assertEquals(4, TlsFiles.pkcs8("-----BEGIN PRIVATE KEY-----\nAAECAw==\n-----END PRIVATE KEY-----\n").length);
    }
}
