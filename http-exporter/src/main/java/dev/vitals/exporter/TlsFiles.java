package dev.vitals.exporter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The listener's certificate and private key, read from PEM files and read again whenever their content
 * changes ({@link #reload()}, called periodically), so a rotated certificate (cert-manager, for example) is
 * served to new connections without a restart.
 *
 * <p>Accepted: a certificate file with one or more {@code CERTIFICATE} blocks (the server's first, then its
 * chain), and an unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) for RSA, EC or EdDSA. PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) and encrypted keys are refused with a
 * message saying how to convert them. A pair that cannot be used (unreadable, malformed, key not matching the
 * certificate) is reported once and the previous good pair stays in use; before any good pair, handshakes fail.
 *
 * <p>Thread-safe.
 */
public final class TlsFiles {
    private static final String ALIAS = "vitals";
    private static final char[] NO_PASSWORD = new char[0];

    private final Path certFile;
    private final Path keyFile;
    private final ExporterLog log;
    private final SwappingKeyManager keyManager = new SwappingKeyManager();
    private byte[] loadedCert;
    private byte[] loadedKey;
    private String failure;
    private String description = "none";

    public TlsFiles(Path certFile, Path keyFile, ExporterLog log) {
        this.certFile = Objects.requireNonNull(certFile, "certFile");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Reads both files and, when their content differs from the pair in use, loads them. A problem is logged
     * once (until it changes), and the pair in use stays.
     *
     * @return true when a new pair is now in use
     */
    public synchronized boolean reload() {
        byte[] cert;
        byte[] key;
        try {
            cert = Files.readAllBytes(certFile);
            key = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            report("cannot read the TLS certificate or key (" + e + ")");
            return false;
        }
        if (Arrays.equals(cert, loadedCert) && Arrays.equals(key, loadedKey)) {
            return false;
        }
        try {
            byte[] der = pkcs8(new String(key, StandardCharsets.US_ASCII));
            X509Certificate[] chain = certificates(cert);
            PrivateKey privateKey = privateKey(der, chain[0].getPublicKey());
            keyManager.delegate = keyManager(chain, privateKey);
            loadedCert = cert;
            loadedKey = key;
            failure = null;
            description = chain[0].getSubjectX500Principal().getName() + ", valid until " + chain[0].getNotAfter().toInstant();
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            report("cannot use the TLS certificate " + certFile + " with the key " + keyFile + ": " + e.getMessage());
            return false;
        }
    }

    /** The subject and end of validity of the certificate in use, or {@code none}. */
    public synchronized String describe() {
        return description;
    }

    /** Whether a usable pair has been loaded. */
    public boolean ready() {
        return keyManager.delegate != null;
    }

    SSLContext sslContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, null, null);
        return context;
    }

    private void report(String problem) {
        if (problem.equals(failure)) {
            return;
        }
        failure = problem;
        log.warn(problem + (ready() ? "; the previous certificate stays in use" : "; TLS handshakes fail until both"
                + " files are valid") + "; the files are checked again every few seconds", null);
    }

    private static X509Certificate[] certificates(byte[] pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE in the certificate file");
        }
        return certs.toArray(new X509Certificate[0]);
    }

    /** The DER bytes of an unencrypted PKCS#8 key; other key formats are refused with how to convert them. */
    static byte[] pkcs8(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException("the key is PKCS#1/SEC1; convert it to PKCS#8 with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem' (cert-manager: privateKey.encoding: PKCS8)");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the key is encrypted; give an unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no PKCS#8 'BEGIN PRIVATE KEY' block in the key file");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }

    /** The key of the certificate's algorithm, checked to belong to the certificate. */
    private static PrivateKey privateKey(byte[] der, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = publicKey.getAlgorithm();
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        checkPair(key, publicKey);
        return key;
    }

    /** Signs a few bytes with the key and verifies them with the certificate: a mismatched pair never goes live. */
    private static void checkPair(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = publicKey.getAlgorithm();
        String signature = "RSA".equals(algorithm) ? "SHA256withRSA" : "EC".equals(algorithm) ? "SHA256withECDSA"
                : "EdDSA".equals(algorithm) ? "EdDSA" : null;
        if (signature == null) {
            throw new IllegalArgumentException("key algorithm " + algorithm + " is not supported; use RSA, EC or EdDSA");
        }
        byte[] probe = "vitals".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(signature);
        signer.initSign(key);
        signer.update(probe);
        byte[] signed = signer.sign();
        Signature verifier = Signature.getInstance(signature);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signed)) {
            throw new IllegalArgumentException("the key does not belong to the certificate");
        }
    }

    private static X509ExtendedKeyManager keyManager(X509Certificate[] chain, PrivateKey key)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        store.setKeyEntry(ALIAS, key, NO_PASSWORD, chain);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager) {
                return (X509ExtendedKeyManager) manager;
            }
        }
        throw new GeneralSecurityException("the JDK's key manager factory gave no X509ExtendedKeyManager");
    }

    /** The key manager the SSLContext keeps; each handshake asks the pair loaded last. Server side only. */
    private static final class SwappingKeyManager extends X509ExtendedKeyManager {
        volatile X509ExtendedKeyManager delegate;

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            X509ExtendedKeyManager d = delegate;
            return d == null ? null : d.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            X509ExtendedKeyManager d = delegate;
            return d == null ? null : d.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            X509ExtendedKeyManager d = delegate;
            return d == null ? null : d.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509ExtendedKeyManager d = delegate;
            return d == null ? null : d.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            X509ExtendedKeyManager d = delegate;
            return d == null ? null : d.getPrivateKey(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
