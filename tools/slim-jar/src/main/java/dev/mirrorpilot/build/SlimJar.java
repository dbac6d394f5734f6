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

    private SlimJar() {
    }

    /** What one pass kept and removed. */
    public record Result(long bytesBefore, long bytesAfter, int prunable, int kept, int stubbed, List<String> hubs) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SlimJar JAR");
            System.exit(2);
        }
        var jar = Path.of(args[0]);
        var result = slim(jar);
        System.out.printf("slim-jar: %s %,d -> %,d bytes; %,d of %,d SDK service classes kept (%,d of them as verifier stubs); "
                + "%d clients link%n", jar.getFileName(), result.bytesBefore(), result.bytesAfter(), result.kept(), result.prunable(),
                result.stubbed(), result.hubs().size());
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
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(stubs.contains(entry.getKey()) ? stub(entry.getValue()) : entry.getValue());
                out.closeEntry();
            }
        }
        var hubs = entries.keySet().stream().filter(n -> HUB.matcher(n).matches()).sorted().toList();
        linkClients(slimmed, hubs);
        long before = Files.size(jar);
        Files.move(slimmed, jar, StandardCopyOption.REPLACE_EXISTING);
        jar.toFile().setReadable(true, false);
        return new Result(before, Files.size(jar), prunable, kept.size(), stubs.size(), hubs);
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
            var found = new ArrayList<>(references(entries.get(name)));
            if (REQUEST.matcher(name).matches()) {
                // A request we build is marshalled by a class only the client names.
                found.add(name.replace("/model/", "/transform/").replace(".class", "Marshaller"));
            }
            for (var reference : found) {
                var target = reference + ".class";
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
