package dev.mirrorpilot.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/** The constant-pool reading and the reachability rules, on real class files. */
class SlimJarTest {
    private static byte[] classFile(Class<?> type) throws IOException {
        try (var in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheSuperclassAndTheNamesAClassFileUses() throws IOException {
        assertThat(SlimJar.superclassOf(classFile(java.util.ArrayList.class))).isEqualTo("java/util/AbstractList");
        assertThat(SlimJar.superclassOf(classFile(Object.class))).isEmpty();
        // Long and double constants take two entries: a class holding both still parses to its end.
        assertThat(SlimJar.utf8Constants(classFile(Long.class))).contains("java/lang/Number", "MIN_VALUE");
    }

    @Test
    void keepsWhatIsReachedTheRequestsForTheVerifierAndNothingTheClientAloneNames() throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        var model = "software/amazon/awssdk/services/ec2/model/";
        // Stand-ins: real class files under SDK names; only their constant pools matter to the pass.
        entries.put("dev/mirrorpilot/Uses.class", withString(classFile(SlimJarTest.class), model + "DescribeInstancesResponse"));
        entries.put(model + "DescribeInstancesResponse.class", classFile(Object.class));
        entries.put(model + "DescribeInstancesRequest.class", classFile(Object.class));
        entries.put(model + "DescribeAddressesRequest.class", classFile(Object.class));
        entries.put(model + "DescribeAddressesResponse.class", classFile(Object.class));
        entries.put(model + "Ec2Exception.class", classFile(Object.class));
        entries.put("software/amazon/awssdk/services/ec2/DefaultEc2Client.class",
                withString(classFile(Object.class), model + "DescribeAddressesResponse"));

        var kept = SlimJar.reachable(entries);

        assertThat(kept).contains(model + "DescribeInstancesResponse.class", model + "DescribeInstancesRequest.class",
                model + "DescribeAddressesRequest.class", model + "Ec2Exception.class")
                .doesNotContain(model + "DescribeAddressesResponse.class");
    }

    /** A request the code builds, and so keeps whole. */
    public abstract static class SampleRequestBase {
    }

    /** A request only the client names. */
    public static final class SampleRequest extends SampleRequestBase {
        private final String field = "x";

        public String field() {
            return field;
        }
    }

    @Test
    void aRequestOnlyTheClientNamesBecomesAStubTheVerifierCanStillLoad() throws Exception {
        var model = "software/amazon/awssdk/services/ec2/model/";
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("dev/mirrorpilot/Uses.class", withString(classFile(SlimJarTest.class), model + "DescribeInstancesRequest"));
        entries.put(model + "DescribeInstancesRequest.class", classFile(SampleRequest.class));
        entries.put(model + "DescribeAddressesRequest.class", classFile(SampleRequest.class));
        entries.put("software/amazon/awssdk/services/ec2/DefaultEc2Client.class",
                withString(classFile(Object.class), model + "DescribeAddressesRequest"));

        var stubs = SlimJar.verifierOnly(entries, SlimJar.reachable(entries));
        var stub = SlimJar.stub(classFile(SampleRequest.class));

        assertThat(stubs).containsExactly(model + "DescribeAddressesRequest.class");
        assertThat(stub.length).isLessThan(classFile(SampleRequest.class).length);
        var loaded = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(SampleRequest.class.getName(), stub, 0, stub.length);
            }
        }.define();
        assertThat(loaded.getSuperclass()).isEqualTo(SampleRequestBase.class);
        assertThat(loaded.getDeclaredMethods()).isEmpty();
        assertThat(loaded.getDeclaredConstructors()).isEmpty();
        assertThat(loaded).isNotSameAs(SampleRequest.class);
    }

    /** A class file whose constant pool also holds {@code text}, as a first CONSTANT_Utf8 (indices shift; the pass reads only its strings). */
    private static byte[] withString(byte[] classFile, String text) {
        var bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int count = ((classFile[8] & 0xff) << 8) | (classFile[9] & 0xff);
        var out = new java.io.ByteArrayOutputStream();
        out.write(classFile, 0, 8);
        out.write((count + 1) >> 8);
        out.write((count + 1) & 0xff);
        out.write(1);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.write(bytes, 0, bytes.length);
        out.write(classFile, 10, classFile.length - 10);
        return out.toByteArray();
    }
}
