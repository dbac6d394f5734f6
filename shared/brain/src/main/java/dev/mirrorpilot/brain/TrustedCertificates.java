package dev.mirrorpilot.brain;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust for a Brain: the JDK's default trust store, or exactly the certificates of a PEM
 * bundle (a Brain's own or its private CA). Verification is never turned off; there is no switch.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {
    }

    public static SSLContext jdkDefault() throws GeneralSecurityException {
        return SSLContext.getDefault();
    }

    /**
     * From a PEM bundle, with its line breaks or on one line with spaces for them (a stack parameter
     * cannot hold a line break).
     *
     * @throws IllegalArgumentException when the bundle holds no certificate
     */
    public static SSLContext fromPem(String pem) throws GeneralSecurityException {
        var certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(withLineBreaks(pem).getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the CA bundle holds no PEM certificate");
        }
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot start an empty trust store", e);
        }
        int n = 0;
        for (var certificate : certificates) {
            store.setCertificateEntry("brain-ca-" + n++, (X509Certificate) certificate);
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A one-line bundle with its markers and Base64 lines on lines of their own; a multi-line one as it is. */
    static String withLineBreaks(String pem) {
        if (pem.indexOf('\n') >= 0) {
            return pem;
        }
        // Base64 holds no space: every space is a line break, except inside the BEGIN / END markers.
        return pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "\n-----$1_CERTIFICATE-----\n")
                .replace(' ', '\n').replace("_CERTIFICATE-----", " CERTIFICATE-----").strip() + "\n";
    }
}
