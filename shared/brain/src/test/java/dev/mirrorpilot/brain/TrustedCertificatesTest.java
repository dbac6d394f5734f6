package dev.mirrorpilot.brain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import org.junit.jupiter.api.Test;

/** A CA bundle as the secret holds it (line breaks) or as a stack parameter can hold it (one line). */
class TrustedCertificatesTest {
    private static Object certificate(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aBundleOnOneLineReadsAsTheSameCertificateAsItsMultiLineForm() throws Exception {
        try (var brain = BrainStandIn.start()) {
            var pem = brain.certificatePem();
            var oneLine = pem.strip().replace("\r\n", " ").replace('\n', ' ');

            assertThat(oneLine).doesNotContain("\n");
            assertThat(certificate(TrustedCertificates.withLineBreaks(oneLine))).isEqualTo(certificate(pem));
            assertThat(TrustedCertificates.withLineBreaks(pem)).isSameAs(pem);
            assertThat(TrustedCertificates.fromPem(oneLine)).isNotNull();
        }
    }

    @Test
    void aBundleWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> TrustedCertificates.fromPem("not a certificate")).isInstanceOf(Exception.class);
    }
}
