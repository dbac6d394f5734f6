package dev.mirrorpilot.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Takes out of a shaded Lambda jar the AWS SDK service classes (model, marshallers, paginators,
 * waiters) that no kept class can reach. A service client ({@code DefaultEc2Client}, {@code Ec2Client})
 * names every operation of the API, so a reachability pass that starts there keeps all 12,000 EC2
 * classes; this pass starts from everything else in the jar (our code, the SDK core, the libraries)
 * and follows class references through the constant pools, treating the clients as hubs it does not
 * enter. Kept besides: the request class of every operation, because the JVM's verifier loads it to
 * check the client's calls (a request no kept class reaches is kept as a stub: its name and its
 * superclass, all the verifier reads, a few hundred bytes instead of kilobytes); every modelled
 * error, which the client registers by name when it is built; the marshaller of each request the code
 * builds, which only the client names. A client that still cannot be linked fails the build;
 * shipped/ runs each jar for real.
 *
 * <p>Usage: {@code SlimJar JAR} (rewrites it in place and prints the sizes).
 */
public final class SlimJar {
    private static final String SERVICES = "software/amazon/awssdk/services/";
    /** Classes the pass may remove: per-operation code of a service. */
    private static final Pattern PRUNABLE = Pattern.compile(
            "software/amazon/awssdk/services/[A-Za-z0-9_]+/(?:model|transform|paginators|waiters)/[^/]+\\.class");
    /** A reference to one of them inside a constant pool string (a class name or a type descriptor). */
    private static final Pattern REFERENCE = Pattern.compile(
            "software/amazon/awssdk/services/[A-Za-z0-9_]+/(?:model|transform|paginators|waiters)/[A-Za-z0-9_$]+");
    /** The clients: they name every operation, so following them would keep everything. */
    private static final Pattern HUB = Pattern.compile("software/amazon/awssdk/services/[A-Za-z0-9_]+/[A-Za-z0-9_]*Client\\.class");
    /** A modelled error: the client registers every one by name when it is built. */
    private static final Pattern ERROR = Pattern.compile(
            "software/amazon/awssdk/services/[A-Za-z0-9_]+/model/[A-Za-z0-9_]+Exception(?:\\$[A-Za-z0-9_$]+)?\\.class");
    /** An operation's request, loaded by the verifier when it checks the client. */
    private static final Pattern REQUEST = Pattern.compile(
            "software/amazon/awssdk/services/[A-Za-z0-9_]+/model/[A-Za-z0-9_]+Request\\.class");

    /**
     * Security Hub finding parts MirrorPilot never writes (every resource-details type but the EC2 instance's, the
     * actions, the rest of the 500 {@code Aws*} structures): a kept class names each one only through a field
     * definition, whose {@code X::builder} reference the JVM links when that class initialises. Each becomes a
     * stub with that one method (which throws, saying why) and a builder interface the lambda factory can check;
     * its implementation and everything only it reaches leave the jar (about 3 MB).
     */
    private static final Pattern UNWRITTEN = Pattern.compile(
            "software/amazon/awssdk/services/securityhub/model/(?!(?:AwsSecurityFinding|AwsSecurityFindingFilters"
                    + "|AwsSecurityFindingIdentifier|AwsEc2InstanceDetails)(?:\\$|\\.class))Aws[A-Za-z0-9]+(?:\\$[A-Za-z0-9_$]+)?\\.class");
    private static final String SDK_POJO = "software/amazon/awssdk/core/SdkPojo";

    private SlimJar() {
    }

    /** What one pass kept and removed. */
    public record Result(long bytesBefore, long bytesAfter, int prunable, int kept, int stubbed, int unwritten, List<String> hubs) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SlimJar JAR");
            System.exit(2);
        }
        var jar = Path.of(args[0]);
        var result = slim(jar);
        System.out.printf("slim-jar: %s %,d -> %,d bytes; %,d of %,d SDK service classes kept (%,d of them as verifier stubs); "
                + "%,d finding parts never written kept as stubs; %d clients link%n", jar.getFileName(), result.bytesBefore(),
                result.bytesAfter(), result.kept(), result.prunable(), result.stubbed(), result.unwritten(), result.hubs().size());
    }

    /** Rewrites {@code jar} without the unreachable service classes, then checks every client still links. */
    public static Result slim(Path jar) throws IOException {
        var entries = read(jar);
        var kept = reachable(entries);
        var stubs = verifierOnly(entries, kept);
        int prunable = (int) entries.keySet().stream().filter(n -> PRUNABLE.matcher(n).matches()).count();
        var slimmed = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".slim");
        try (var out = new ZipOutputStream(Files.newOutputStream(slimmed))) {
            for (var entry : entries.entrySet()) {
                if (PRUNABLE.matcher(entry.getKey()).matches() && !kept.contains(entry.getKey())) {
                    continue;
                }
                var name = entry.getKey();
                var bytes = stubs.contains(name) ? stub(entry.getValue())
                        : unwrittenStructure(entries, name) ? structureStub(entry.getValue())
                        : unwrittenBuilder(entries, name) ? builderStub(entry.getValue())
                        : entry.getValue();
                out.putNextEntry(new ZipEntry(name));
                out.write(bytes);
                out.closeEntry();
            }
        }
        var hubs = entries.keySet().stream().filter(n -> HUB.matcher(n).matches()).sorted().toList();
        linkClients(slimmed, hubs);
        long before = Files.size(jar);
        Files.move(slimmed, jar, StandardCopyOption.REPLACE_EXISTING);
        jar.toFile().setReadable(true, false);
        int unwritten = (int) kept.stream().filter(n -> unwrittenStructure(entries, n)).count();
        return new Result(before, Files.size(jar), prunable, kept.size(), stubs.size(), unwritten, hubs);
    }

    /** The prunable classes some kept class reaches, plus every operation's request (verification only). */
    static Set<String> reachable(Map<String, byte[]> entries) {
        var kept = new TreeSet<String>();
        var work = new ArrayDeque<String>();
        for (var name : entries.keySet()) {
            if (ERROR.matcher(name).matches()) {
                kept.add(name);
                work.add(name);
            }
            if (!name.endsWith(".class") || PRUNABLE.matcher(name).matches() || HUB.matcher(name).matches()) {
                continue;
            }
            work.add(name);
        }
        var visited = new TreeSet<String>();
        while (!work.isEmpty()) {
            var name = work.poll();
            if (!visited.add(name)) {
                continue;
            }
            if (unwrittenStructure(entries, name)) {
                kept.add(name.replace(".class", "$Builder.class")); // the stub's builder() returns it
                continue; // a stub names nothing else
            }
            if (unwrittenBuilder(entries, name)) {
                continue;
            }
            var found = new ArrayList<>(references(entries.get(name)));
            if (REQUEST.matcher(name).matches()) {
                // A request we build is marshalled by a class only the client names.
                found.add(name.replace("/model/", "/transform/").replace(".class", "Marshaller"));
            }
            for (var reference : found) {
                var target = reference + ".class";
                if (UNWRITTEN.matcher(target).matches() && !unwrittenStructure(entries, target) && !unwrittenBuilder(entries, target)
                        && isStructureMember(entries, target)) {
                    continue; // the implementation of a stubbed structure (its BuilderImpl): only descriptors name it
                }
                if (entries.containsKey(target) && kept.add(target)) {
                    work.add(target);
                }
            }
        }
        // The verifier loads (but never initialises) each request the client passes on, and with it the superclass.
        for (var name : entries.keySet()) {
            if (REQUEST.matcher(name).matches() && kept.add(name)) {
                var superName = superclassOf(entries.get(name)) + ".class";
                if (entries.containsKey(superName)) {
                    kept.add(superName);
                }
            }
        }
        return kept;
    }

    /**
     * The kept requests that only the clients name: the code never builds them, so the verifier's
     * load is all that happens to them.
     */
    static Set<String> verifierOnly(Map<String, byte[]> entries, Set<String> kept) {
        var named = new TreeSet<String>();
        for (var entry : entries.entrySet()) {
            var name = entry.getKey();
            if (name.endsWith(".class") && kept.contains(name) || name.endsWith(".class") && !PRUNABLE.matcher(name).matches()
                    && !HUB.matcher(name).matches()) {
                for (var reference : references(entry.getValue())) {
                    if (!(reference + ".class").equals(name)) {
                        named.add(reference + ".class");
                    }
                }
            }
        }
        var only = new TreeSet<String>();
        for (var name : kept) {
            if (REQUEST.matcher(name).matches() && !named.contains(name)) {
                only.add(name);
            }
        }
        return only;
    }

    /**
     * A class file with the name, superclass and version of {@code classFile} and nothing else
     * (JVMS 4.1): what the verifier loads to check that a client passes a request where the SDK
     * takes an {@code SdkRequest}. Any use beyond that fails loudly (no constructor, no methods).
     */
    static byte[] stub(byte[] classFile) {
        var pool = ConstantPool.read(classFile);
        int thisIndex = u2(classFile, pool.end() + 2);
        var name = pool.utf8().get(pool.classNames().get(thisIndex));
        var superName = superclassOf(classFile);
        var bytes = new ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.write(classFile, 0, 8); // magic, minor and major version
            out.writeShort(5); // four entries
            out.writeByte(1);
            out.writeUTF(name);
            out.writeByte(7);
            out.writeShort(1);
            out.writeByte(1);
            out.writeUTF(superName);
            out.writeByte(7);
            out.writeShort(3);
            out.writeShort(0x0001 | 0x0010 | 0x0020 | 0x1000); // public final super synthetic
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An unwritten finding part itself (it has a builder: a structure, not an enum or a list copier). */
    static boolean unwrittenStructure(Map<String, byte[]> entries, String name) {
        return UNWRITTEN.matcher(name).matches() && !name.contains("$")
                && entries.containsKey(name.replace(".class", "$Builder.class"));
    }

    /** The builder interface of an unwritten finding part. */
    static boolean unwrittenBuilder(Map<String, byte[]> entries, String name) {
        return UNWRITTEN.matcher(name).matches() && name.endsWith("$Builder.class")
                && unwrittenStructure(entries, name.replace("$Builder.class", ".class"));
    }

    private static boolean isStructureMember(Map<String, byte[]> entries, String name) {
        int dollar = name.indexOf('$');
        return dollar > 0 && unwrittenStructure(entries, name.substring(0, dollar) + ".class");
    }

    /**
     * A structure's stand-in: its name and one method, {@code static X.Builder builder()}, which throws. A class
     * that holds a field of this type links and initialises; building or reading the part fails loudly.
     */
    static byte[] structureStub(byte[] classFile) {
        var name = nameOf(classFile);
        var message = "slim-jar: " + name.replace('/', '.') + " is not in this Lambda jar (MirrorPilot never writes it)";
        var bytes = new ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.write(classFile, 0, 8);
            out.writeShort(16);
            out.writeByte(1);
            out.writeUTF(name); // 1
            out.writeByte(7);
            out.writeShort(1); // 2
            out.writeByte(1);
            out.writeUTF("java/lang/Object"); // 3
            out.writeByte(7);
            out.writeShort(3); // 4
            out.writeByte(1);
            out.writeUTF("builder"); // 5
            out.writeByte(1);
            out.writeUTF("()L" + name + "$Builder;"); // 6
            out.writeByte(1);
            out.writeUTF("Code"); // 7
            out.writeByte(1);
            out.writeUTF("java/lang/IllegalStateException"); // 8
            out.writeByte(7);
            out.writeShort(8); // 9
            out.writeByte(1);
            out.writeUTF(message); // 10
            out.writeByte(8);
            out.writeShort(10); // 11
            out.writeByte(1);
            out.writeUTF("<init>"); // 12
            out.writeByte(1);
            out.writeUTF("(Ljava/lang/String;)V"); // 13
            out.writeByte(12);
            out.writeShort(12);
            out.writeShort(13); // 14
            out.writeByte(10);
            out.writeShort(9);
            out.writeShort(14); // 15
            out.writeShort(0x0001 | 0x0010 | 0x0020 | 0x1000); // public final super synthetic
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(1); // methods
            out.writeShort(0x0001 | 0x0008); // public static
            out.writeShort(5);
            out.writeShort(6);
            out.writeShort(1);
            out.writeShort(7); // Code
            byte[] code = {(byte) 0xbb, 0, 9, 0x59, 0x12, 11, (byte) 0xb7, 0, 15, (byte) 0xbf}; // new; dup; ldc; invokespecial; athrow
            out.writeInt(2 + 2 + 4 + code.length + 2 + 2);
            out.writeShort(3); // max stack
            out.writeShort(0); // max locals
            out.writeInt(code.length);
            out.write(code);
            out.writeShort(0); // exception table
            out.writeShort(0); // code attributes
            out.writeShort(0); // class attributes
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A structure's builder interface, reduced to what the lambda factory checks: that it is an {@code SdkPojo}. */
    static byte[] builderStub(byte[] classFile) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.write(classFile, 0, 8);
            out.writeShort(7);
            out.writeByte(1);
            out.writeUTF(nameOf(classFile)); // 1
            out.writeByte(7);
            out.writeShort(1); // 2
            out.writeByte(1);
            out.writeUTF("java/lang/Object"); // 3
            out.writeByte(7);
            out.writeShort(3); // 4
            out.writeByte(1);
            out.writeUTF(SDK_POJO); // 5
            out.writeByte(7);
            out.writeShort(5); // 6
            out.writeShort(0x0001 | 0x0200 | 0x0400 | 0x1000); // public interface abstract synthetic
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(1);
            out.writeShort(6);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String nameOf(byte[] classFile) {
        var pool = ConstantPool.read(classFile);
        return pool.utf8().get(pool.classNames().get(u2(classFile, pool.end() + 2)));
    }

    /** The prunable classes a class file names in its constant pool. */
    static Set<String> references(byte[] classFile) {
        var found = new TreeSet<String>();
        for (var text : utf8Constants(classFile)) {
            if (text.contains(SERVICES)) {
                var matcher = REFERENCE.matcher(text);
                while (matcher.find()) {
                    found.add(matcher.group());
                }
            }
        }
        return found;
    }

    /** Every CONSTANT_Utf8 of a class file (JVMS 4.4); class names and descriptors are among them. */
    static List<String> utf8Constants(byte[] classFile) {
        return List.copyOf(ConstantPool.read(classFile).utf8().values());
    }

    /** The internal name of a class file's superclass ("" for java/lang/Object). */
    static String superclassOf(byte[] classFile) {
        var pool = ConstantPool.read(classFile);
        int superIndex = u2(classFile, pool.end() + 4); // after access_flags and this_class
        return superIndex == 0 ? "" : pool.utf8().get(pool.classNames().get(superIndex));
    }

    /** The parts of a constant pool this step reads: its strings, its class entries, and where it ends. */
    private record ConstantPool(Map<Integer, String> utf8, Map<Integer, Integer> classNames, int end) {
        static ConstantPool read(byte[] b) {
            var utf8 = new LinkedHashMap<Integer, String>();
            var classNames = new LinkedHashMap<Integer, Integer>();
            int count = u2(b, 8);
            int at = 10;
            for (int i = 1; i < count; i++) {
                int tag = b[at] & 0xff;
                switch (tag) {
                    case 1 -> {
                        int length = u2(b, at + 1);
                        utf8.put(i, new String(b, at + 3, length, java.nio.charset.StandardCharsets.ISO_8859_1));
                        at += 3 + length;
                    }
                    case 7 -> {
                        classNames.put(i, u2(b, at + 1));
                        at += 3;
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
                    case 5, 6 -> {
                        at += 9;
                        i++; // a long or double takes two entries
                    }
                    case 8, 16, 19, 20 -> at += 3;
                    case 15 -> at += 4;
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + at);
                }
            }
            return new ConstantPool(utf8, classNames, at);
        }
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static Map<String, byte[]> read(Path jar) throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var zip = new ZipFile(jar.toFile())) {
            var all = zip.entries();
            while (all.hasMoreElements()) {
                var entry = all.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    var bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    entries.put(entry.getName(), bytes.toByteArray());
                }
            }
        }
        return entries;
    }

    /** Loads and initialises (so links and verifies) each client from the slim jar alone; a missing class fails here. */
    private static void linkClients(Path jar, List<String> hubs) throws IOException {
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (var hub : hubs) {
                var name = hub.substring(0, hub.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("the slim jar " + jar.getFileName() + " cannot link " + name + ": " + e, e);
                }
            }
        }
    }
}
