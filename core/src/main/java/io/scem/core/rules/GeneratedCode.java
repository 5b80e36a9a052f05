package io.scem.core.rules;

import com.espertech.esper.common.client.EPCompiled;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The third safety layer: what the compiled rules would actually call. Esper compiles EPL to
 * Java bytecode; every method or field the generated classes use is named in their constant
 * pools, whatever EPL syntax led there. This reads those names and refuses reflection, class
 * loading, processes, files, the network, {@code System.exit} and friends, and any method of
 * SCEM's own classes other than {@link RuleFunctions} and the facts' getters.
 *
 * <p>It is a backstop for {@link RuleSafety#check}: it cannot say where in the file a call
 * came from, but it does not depend on how the call was written. Esper's own generated code
 * uses {@code getClass()} and {@code Class.getName()} (multi-key equality, error messages), so
 * those stay allowed; without {@code Class.forName} or {@code java.lang.reflect} they lead
 * nowhere.
 */
final class GeneratedCode {
    /** Packages and classes (JVM internal names, prefixes) no rule may use. */
    private static final List<String> DENIED = List.of(
            "java/lang/reflect/", "java/lang/invoke/", "java/lang/ClassLoader", "java/lang/Runtime", "java/lang/Process",
            "java/lang/Module", "java/lang/SecurityManager", "java/lang/ThreadGroup", "java/util/ServiceLoader",
            "java/io/File", "java/io/RandomAccessFile", "java/io/ObjectInputStream", "java/nio/file/",
            "java/nio/channels/", "java/net/", "java/rmi/", "java/sql/", "javax/script/", "javax/naming/",
            "javax/management/", "sun/", "jdk/", "com/sun/",
            // Dynamic properties ("name?") read any getter of any object by reflection.
            "com/espertech/esper/common/internal/event/bean/getter/Dynamic",
            "com/espertech/esper/common/internal/event/bean/core/DynamicProperty");

    /** Classes of which only these members may be used. */
    private static final Map<String, Set<String>> ONLY = Map.of(
            "java/lang/Class", Set.of("getName", "getSimpleName", "isInstance", "isAssignableFrom", "isArray", "equals",
                    "hashCode", "toString"),
            "java/lang/System", Set.of("arraycopy", "identityHashCode", "currentTimeMillis", "nanoTime", "lineSeparator"),
            "java/lang/Thread", Set.of());

    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELD = 9, METHOD = 10, INTERFACE_METHOD = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
            METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;

    private GeneratedCode() {}

    /** The members the compiled module uses that rules may not use, as {@code java.lang.Class.forName}. */
    static Set<String> refusedMembers(EPCompiled compiled) {
        Set<String> refused = new TreeSet<>();
        for (byte[] classFile : compiled.getClasses().values()) {
            try {
                refusedMembers(classFile, refused);
            } catch (IOException | RuntimeException e) {
                refused.add("unreadable generated code (" + e + ")");
            }
        }
        return refused;
    }

    private static void refusedMembers(byte[] classFile, Set<String> refused) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt(); // magic
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[][] nameAndType = new int[count][];
        int[][] members = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF();
                case INTEGER, FLOAT -> in.readInt();
                case LONG, DOUBLE -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                case CLASS -> classNameIndex[i] = in.readUnsignedShort();
                case STRING, METHOD_TYPE, MODULE, PACKAGE -> in.readUnsignedShort();
                case FIELD, METHOD, INTERFACE_METHOD -> members[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case NAME_AND_TYPE -> nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case METHOD_HANDLE, DYNAMIC, INVOKE_DYNAMIC -> {
                    // Janino emits no lambdas or method handles: one here did not come from EPL.
                    refused.add("invokedynamic or method handle");
                    in.skipBytes(tag == METHOD_HANDLE ? 3 : 4);
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        for (int[] member : members) {
            if (member == null) continue;
            String owner = utf8[classNameIndex[member[0]]];
            String name = utf8[nameAndType[member[1]][0]];
            if (isRefused(owner, name)) {
                refused.add(owner.replace('/', '.') + "." + name);
            }
        }
    }

    static boolean isRefused(String owner, String member) {
        for (String denied : DENIED) {
            if (owner.startsWith(denied)) return true;
        }
        Set<String> only = ONLY.get(owner);
        if (only != null) return !only.contains(member);
        if (owner.startsWith("io/scem/")) {
            // Facts are read through their getters; RuleFunctions is what rules may call.
            return !owner.equals("io/scem/core/rules/RuleFunctions")
                    && !(member.startsWith("get") || member.startsWith("is") || member.equals("<init>"));
        }
        return false;
    }
}
