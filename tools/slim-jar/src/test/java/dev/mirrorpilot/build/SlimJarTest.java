package dev.mirrorpilot.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** A finding part: a structure with a builder. */
    public static final class SampleStructure {
        public static Builder builder() {
            return new Builder() {
            };
        }

        /** Its builder. */
        public interface Builder extends software.amazon.awssdk.core.SdkPojo {
        }
    }

    @Test
    void aFindingPartNeverWrittenIsKeptAsAStubAndWhatOnlyItReachesLeaves() throws IOException {
        var model = "software/amazon/awssdk/services/securityhub/model/";
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("dev/mirrorpilot/Uses.class", withString(classFile(SlimJarTest.class), model + "ResourceDetails"));
        entries.put(model + "ResourceDetails.class", withString(withString(withString(classFile(Object.class),
                model + "AwsS3BucketDetails"), model + "AwsS3BucketDetails$BuilderImpl"), model + "AwsEc2InstanceDetails"));
        entries.put(model + "AwsS3BucketDetails.class", withString(classFile(Object.class), model + "AwsS3BucketOwner"));
        entries.put(model + "AwsS3BucketDetails$Builder.class", classFile(Object.class));
        entries.put(model + "AwsS3BucketDetails$BuilderImpl.class", withString(classFile(Object.class), model + "AwsS3BucketOwner"));
        entries.put(model + "AwsS3BucketOwner.class", classFile(Object.class));
        entries.put(model + "AwsS3BucketOwner$Builder.class", classFile(Object.class));
        entries.put(model + "AwsEc2InstanceDetails.class", withString(classFile(Object.class), model + "AwsEc2InstanceStatus"));
        entries.put(model + "AwsEc2InstanceDetails$Builder.class", classFile(Object.class));
        entries.put(model + "AwsEc2InstanceStatus.class", classFile(Object.class));

        var kept = SlimJar.reachable(entries);

        assertThat(kept).contains(model + "ResourceDetails.class", model + "AwsS3BucketDetails.class",
                        model + "AwsS3BucketDetails$Builder.class", model + "AwsEc2InstanceDetails.class", model + "AwsEc2InstanceStatus.class")
                .doesNotContain(model + "AwsS3BucketDetails$BuilderImpl.class", model + "AwsS3BucketOwner.class");
        assertThat(SlimJar.unwrittenStructure(entries, model + "AwsS3BucketDetails.class")).isTrue();
        assertThat(SlimJar.unwrittenStructure(entries, model + "AwsEc2InstanceDetails.class")).as("written: kept whole").isFalse();
        assertThat(SlimJar.unwrittenBuilder(entries, model + "AwsS3BucketDetails$Builder.class")).isTrue();
    }

    @Test
    void aStubbedStructureLinksAsTheLambdaFactoryNeedsAndThrowsSayingWhyWhenBuilt() throws Exception {
        var structure = SlimJar.structureStub(classFile(SampleStructure.class));
        var builder = SlimJar.builderStub(classFile(SampleStructure.Builder.class));
        var loader = new ClassLoader(getClass().getClassLoader()) {
            final Class<?> builderType = defineClass(SampleStructure.Builder.class.getName(), builder, 0, builder.length);
            final Class<?> structureType = defineClass(SampleStructure.class.getName(), structure, 0, structure.length);
        };

        var method = loader.structureType.getMethod("builder");

        assertThat(method.getReturnType()).isSameAs(loader.builderType);
        assertThat(software.amazon.awssdk.core.SdkPojo.class).isAssignableFrom(loader.builderType);
        assertThat(loader.structureType.getDeclaredFields()).isEmpty();
        assertThat(structure.length).isLessThan(classFile(SampleStructure.class).length + 200);
        assertThatThrownBy(() -> method.invoke(null)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SampleStructure is not in this Lambda jar");
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
