package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the hierarchy matchers need to know about a type, remembered per class loader: whether it is an interface,
 * abstract or an annotation, and which of a few library types ({@link #SERVLET}, {@link #STATEMENT}...) it is or
 * extends. This is what keeps matching cheap while an application loads thousands of classes:
 * <ul>
 * <li>the type being loaded is read from the bytes the JVM hands to the transformer, header only (its superclass
 *     and interfaces by name), never through a full parse;</li>
 * <li>a supertype is looked up once per class loader: its answer is remembered by name, so a later class with
 *     the same supertype, or the supertype's own loading, costs one map lookup;</li>
 * <li>supertypes of JDK types are not read, except in {@code java.sql} and {@code javax.sql}; nor are JDK
 *     supertypes themselves.</li>
 * </ul>
 * Class loaders are held weakly, so an application's class loader can still be collected. Each loader remembers
 * at most {@link #MAX_TYPES_PER_LOADER} names; past that, answers are still right, only no longer remembered.
 */
public final class TypeIndex {
    /** A {@code javax.servlet} or {@code jakarta.servlet} {@code Servlet}. */
    public static final int SERVLET = 1;
    /** A {@code javax.servlet} or {@code jakarta.servlet} {@code Filter}. */
    public static final int FILTER = 1 << 1;
    public static final int STATEMENT = 1 << 2;
    public static final int CONNECTION = 1 << 3;
    public static final int DATA_SOURCE = 1 << 4;
    /** Annotated with JAX-RS {@code @Path} (either API), itself or a supertype; read only where JAX-RS is visible. */
    public static final int JAXRS_PATH = 1 << 5;
    /** A JCache {@code javax.cache.Cache}. */
    public static final int JCACHE = 1 << 6;
    /** Apache HttpClient 4's {@code CloseableHttpClient}. */
    public static final int HTTP_CLIENT_4 = 1 << 7;
    /** Apache HttpClient 5's classic {@code CloseableHttpClient}. */
    public static final int HTTP_CLIENT_5 = 1 << 8;
    /** Apache HttpClient 5's {@code CloseableHttpAsyncClient}. */
    public static final int HTTP_ASYNC_CLIENT_5 = 1 << 9;
    public static final int INTERFACE = 1 << 16;
    public static final int ABSTRACT = 1 << 17;
    public static final int ANNOTATION = 1 << 18;

    static final int MAX_TYPES_PER_LOADER = 100_000;
    private static final int KINDS = 0xFFFF;
    private static final int MAX_DEPTH = 64;

    private static final Map<String, Integer> TARGETS = new ConcurrentHashMap<>();

    static {
        TARGETS.put("javax.servlet.Servlet", SERVLET);
        TARGETS.put("jakarta.servlet.Servlet", SERVLET);
        TARGETS.put("javax.servlet.Filter", FILTER);
        TARGETS.put("jakarta.servlet.Filter", FILTER);
        TARGETS.put("java.sql.Statement", STATEMENT);
        TARGETS.put("java.sql.Connection", CONNECTION);
        TARGETS.put("javax.sql.DataSource", DATA_SOURCE);
        TARGETS.put("javax.cache.Cache", JCACHE);
        TARGETS.put("org.apache.http.impl.client.CloseableHttpClient", HTTP_CLIENT_4);
        TARGETS.put("org.apache.hc.client5.http.impl.classic.CloseableHttpClient", HTTP_CLIENT_5);
        TARGETS.put("org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient", HTTP_ASYNC_CLIENT_5);
    }

    private static final String[] PATH_ANNOTATIONS = {"Ljavax/ws/rs/Path;", "Ljakarta/ws/rs/Path;"};
    private static final LoaderSees JAX_RS = new LoaderSees("jakarta/ws/rs/Path.class", "javax/ws/rs/Path.class");
    /**
     * Packages of the JDK, the APIs and application servers that hold no application's JAX-RS resource or resource
     * interface: for a class there, no class loader is asked whether it sees JAX-RS. On WildFly that question links
     * the module whose loader it asks (about 1 ms each, for some 200 of the server's own modules at its start).
     */
    private static final String[] NEVER_RESOURCES = {"java.", "javax.", "jakarta.", "jdk.", "sun.",
        Unrelocated.name("org", "jboss", ""), Unrelocated.name("org", "wildfly", ""),
        Unrelocated.name("io", "undertow", ""), Unrelocated.name("io", "smallrye", ""),
        Unrelocated.name("org", "infinispan", ""), Unrelocated.name("org", "jgroups", "")};
    private static final Object BOOT = new Object();
    private static final Map<Object, Loader> LOADERS = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * The class the JVM is handing to the transformer on this thread: internal name, bytes (or the loaded class) and,
     * once a matcher asked, the concrete methods it declares (see {@link #declaresOfLoading}), the reader of its
     * class file (built only for a matcher that reads past its constants), and the prefix groups its constants were searched for with the
     * groups found (see {@link #holdsConstantStartingWith}), shared by every matcher that asks about the class.
     */
    private static final ThreadLocal<Object[]> CURRENT = new ThreadLocal<>();
    /** The prefixes the header matchers have asked {@link #holdsConstantStartingWith} for, one group each. */
    private static volatile ConstantPrefixes constantPrefixes = ConstantPrefixes.NONE;

    private TypeIndex() {
    }

    /** One class loader's remembered answers. */
    private static final class Loader {
        final Map<String, Integer> facts = new ConcurrentHashMap<>();
        final ClassFileLocator locator;
        private final java.lang.ref.WeakReference<ClassLoader> loader;
        private volatile Boolean seesJaxRs;

        Loader(ClassLoader loader) {
            // Weakly: this object is the value of a weak map keyed by the loader, so a strong reference would keep
            // every undeployed web application's class loader alive.
            this.locator = ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader);
            this.loader = new java.lang.ref.WeakReference<>(loader);
        }

        /** Whether the loader sees a JAX-RS API, asked of it the first time a class that may be a resource needs it. */
        boolean seesJaxRs() {
            Boolean sees = seesJaxRs;
            if (sees == null) {
                ClassLoader l = loader.get();
                sees = l != null && JAX_RS.test(l);
                seesJaxRs = sees;
            }
            return sees;
        }
    }

    /**
     * Called by the transformer before Byte Buddy sees a class: the class's own bytes, so that its header is read
     * from them. Returns what to hand to {@link #end} afterwards (a class loaded during a transformation nests).
     */
    public static Object begin(String internalName, byte[] bytes) {
        Object[] previous = CURRENT.get();
        CURRENT.set(internalName == null ? null : new Object[] {internalName, bytes, null, null, null, null});
        return previous;
    }

    /** Like {@link #begin}, for a class already loaded: {@link #factsOfLoading} then asks the class itself. */
    static Object beginLoaded(Class<?> type) {
        Object[] previous = CURRENT.get();
        CURRENT.set(new Object[] {type.getName().replace('.', '/'), type, null, null, null, null});
        return previous;
    }

    public static void end(Object previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set((Object[]) previous);
        }
    }

    /** The facts ({@link #SERVLET}... {@link #INTERFACE}...) of {@code type} as seen from {@code loader}. */
    public static int facts(TypeDescription type, ClassLoader loader) {
        Loader index = index(loader);
        String name = type.getName();
        Integer known = index.facts.get(name);
        if (known != null) {
            return known;
        }
        ClassReader reader = currentReader(name);
        int facts;
        if (reader != null) {
            facts = fromClassFile(index, name, reader, 0);
        } else {
            facts = fromDescription(index, type, 0);
        }
        remember(index, name, facts);
        return facts;
    }

    /**
     * The facts of the class being loaded on this thread, read from its own bytes (see {@link #begin}); when they are
     * not at hand, every kind, so that a caller deciding what may match keeps the class.
     */
    public static int factsOfLoading(String name, ClassLoader loader) {
        Object[] current = CURRENT.get();
        if (current != null && current[1] instanceof Class && ((Class<?>) current[1]).getName().equals(name)) {
            return factsOfLoaded((Class<?>) current[1]);
        }
        Loader index = index(loader);
        Integer known = index.facts.get(name);
        if (known != null) {
            return known;
        }
        ClassReader reader = currentReader(name);
        if (reader == null) {
            return KINDS;
        }
        int facts = fromClassFile(index, name, reader, 0);
        remember(index, name, facts);
        return facts;
    }

    /**
     * Whether the class being loaded on this thread declares a concrete method with one of {@code methods}' names and
     * parameter lists (pairs such as {@code {"service", "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;)"}}),
     * read from its own bytes (see {@link #begin}). Advice reaches only the methods a class declares, so a class
     * without one needs no transformation and its hierarchy is never walked (which reads unknown supertypes' class
     * files). When the bytes are not at hand, true: a caller deciding what may match keeps the class.
     */
    public static boolean declaresOfLoading(String name, String[][] methods) {
        ClassReader reader = currentReader(name);
        if (reader == null) {
            return true;
        }
        // Read once per class, however many matchers ask (the servlet one, the three JDBC ones).
        Object[] current = CURRENT.get();
        @SuppressWarnings("unchecked")
        java.util.List<String> declared = (java.util.List<String>) current[2];
        if (declared == null) {
            declared = concreteMethods(reader);
            current[2] = declared;
        }
        for (String method : declared) {
            for (String[] m : methods) {
                if (method.startsWith(m[0]) && method.startsWith(m[1], m[0].length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a UTF-8 constant of the class file being loaded on this thread starts with one of {@code prefixes}
     * (ASCII): a method the class declares has its name, and its descriptor, stored as such a constant. A check on
     * the constant pool alone, reading only each constant's first bytes, that rejects most classes before
     * {@link #declaresOfLoading} parses their methods. When the bytes are not at hand, true.
     *
     * <p>The pool is walked once per class for every group of prefixes asked so far ({@link ConstantPrefixes}), and the
     * answer is kept with the class, so the next matcher asking about it (the servlet one, the three JDBC ones) does
     * not walk it again. Pass the same array each time: it is the group's key. The walk reads the bytes themselves: a
     * class it rejects never gets a class reader.
     */
    public static boolean holdsConstantStartingWith(String name, byte[][] prefixes) {
        byte[] bytes = currentBytes(name);
        if (bytes == null) {
            return true;
        }
        ConstantPrefixes known = constantPrefixes(prefixes);
        long bit = known.bitOf(prefixes);
        if (bit == 0) {
            MatchCounters.constantPoolWalked();
            return ConstantPrefixes.of(prefixes).walk(bytes) != 0; // past the last group with a bit
        }
        Object[] current = CURRENT.get();
        ConstantPrefixes walkedFor = (ConstantPrefixes) current[4];
        if (walkedFor == null || walkedFor.bitOf(prefixes) != bit) {
            // Not walked yet, or before this group was added (a module installing while the class loads).
            MatchCounters.constantPoolWalked();
            current[5] = known.walk(bytes);
            current[4] = known;
        }
        return ((Long) current[5] & bit) != 0;
    }

    /** Every group of prefixes asked for so far, {@code prefixes} included while there is a bit left for it. */
    private static ConstantPrefixes constantPrefixes(byte[][] prefixes) {
        ConstantPrefixes known = constantPrefixes;
        if (known.bitOf(prefixes) != 0 || known.full()) {
            return known;
        }
        synchronized (TypeIndex.class) {
            known = constantPrefixes.with(prefixes);
            constantPrefixes = known;
            return known;
        }
    }

    /** Name and descriptor, joined, of each non-abstract method the class file declares. */
    private static java.util.List<String> concreteMethods(ClassReader reader) {
        MatchCounters.methodsParsed();
        java.util.List<String> methods = new java.util.ArrayList<>();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & Opcodes.ACC_ABSTRACT) == 0) {
                    methods.add(method + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return methods;
    }

    /**
     * Both tests on {@code type}, the cheaper first: for a type described from its class file, what it declares
     * ({@code declared}) costs nothing more, while its hierarchy ({@code hierarchy}) may read supertypes' class files;
     * for a loaded class it is the other way round, as its declared methods by reflection resolve every signature
     * (and fail where an optional dependency is absent) while its supertypes are at hand.
     */
    public static boolean cheaperFirst(TypeDescription type, java.util.function.BooleanSupplier declared,
                                       java.util.function.BooleanSupplier hierarchy) {
        return type instanceof TypeDescription.ForLoadedType
                ? hierarchy.getAsBoolean() && declared.getAsBoolean()
                : declared.getAsBoolean() && hierarchy.getAsBoolean();
    }

    /**
     * The facts of a class the JVM has already loaded (the candidates for retransformation at install), from the
     * class itself: its supertypes are loaded too, so nothing is read and Byte Buddy describes nothing.
     */
    static int factsOfLoaded(Class<?> type) {
        Loader index = index(type.getClassLoader());
        String name = type.getName();
        Integer known = index.facts.get(name);
        if (known != null) {
            return known;
        }
        int facts = own(name, type.getModifiers());
        if (walksSupertypes(name)) {
            if (mayBeResource(name) && !type.isAnnotation() && index.seesJaxRs() && hasPath(type)) {
                facts |= JAXRS_PATH;
            }
            Class<?> superClass = type.getSuperclass();
            if (superClass != null) {
                facts |= factsOfLoaded(superClass) & KINDS;
            }
            for (Class<?> i : type.getInterfaces()) {
                facts |= factsOfLoaded(i) & KINDS;
            }
        }
        remember(index, name, facts);
        return facts;
    }

    /** Annotations that cannot be read (a missing annotation type) count as a path: the class stays a candidate. */
    private static boolean hasPath(Class<?> type) {
        try {
            for (java.lang.annotation.Annotation a : type.getDeclaredAnnotations()) {
                String annotation = a.annotationType().getName();
                if ("javax.ws.rs.Path".equals(annotation) || "jakarta.ws.rs.Path".equals(annotation)) {
                    return true;
                }
            }
            return false;
        } catch (Throwable unreadable) {
            return true;
        }
    }

    /** Whether {@code facts} name a class (not an interface or annotation) of any of {@code kinds}. */
    public static boolean isClassOf(int facts, int kinds) {
        return (facts & INTERFACE) == 0 && (facts & kinds) != 0;
    }

    /**
     * Whether {@code loader} sees a JAX-RS API (either package), asked of the loader once: the JAX-RS matcher and the
     * index share the answer. For a loader that does not see it, each question walks every jar on its path (and its
     * parents'), twice: on Spring Boot's nested jars that was about 30 ms of the main thread per question.
     */
    public static boolean seesJaxRs(ClassLoader loader) {
        return loader != null && index(loader).seesJaxRs();
    }

    /** Whether a class of this name may be a JAX-RS resource or carry a resource's {@code @Path}. */
    public static boolean mayBeResource(String name) {
        for (String family : NEVER_RESOURCES) {
            if (name.startsWith(family)) {
                return false;
            }
        }
        return true;
    }

    private static Loader index(ClassLoader loader) {
        Object key = loader == null ? BOOT : loader;
        Loader index = LOADERS.get(key);
        if (index == null) {
            index = new Loader(loader);
            LOADERS.put(key, index);
        }
        return index;
    }

    /**
     * The reader of the class being loaded on this thread, if {@code bytes} are the bytes {@link #begin} was given for
     * it (built once for every matcher and the weaving); else null.
     */
    static ClassReader readerOfLoading(String name, byte[] bytes) {
        return isLoading(name, bytes) ? currentReader(name) : null;
    }

    /** Whether {@code bytes} are the bytes {@link #begin} was given for the class {@code name} loading on this thread. */
    static boolean isLoading(String name, byte[] bytes) {
        Object[] current = CURRENT.get();
        return current != null && current[1] == bytes && currentBytes(name) != null;
    }

    /**
     * Whether the class file of {@code name} is at hand on this thread (it is loading or being retransformed), rather
     * than the class being asked about without it (a loaded class checked before the install).
     */
    public static boolean hasClassFileOf(String name) {
        return currentBytes(name) != null;
    }

    /** The reader of the class being loaded on this thread, built once however many matchers ask; null if another class. */
    private static ClassReader currentReader(String name) {
        byte[] bytes = currentBytes(name);
        if (bytes == null) {
            return null;
        }
        Object[] current = CURRENT.get();
        ClassReader reader = (ClassReader) current[3];
        if (reader == null) {
            MatchCounters.constantPoolRead();
            reader = OpenedClassReader.of(bytes);
            current[3] = reader;
        }
        return reader;
    }

    private static byte[] currentBytes(String name) {
        Object[] current = CURRENT.get();
        if (current == null) {
            return null;
        }
        String internal = (String) current[0];
        if (internal.length() != name.length() || !internal.equals(name.replace('.', '/'))) {
            return null;
        }
        return current[1] instanceof byte[] ? (byte[]) current[1] : null;
    }

    private static void remember(Loader index, String name, int facts) {
        if (index.facts.size() < MAX_TYPES_PER_LOADER) {
            index.facts.put(name, facts);
        }
    }

    /** A supertype by name: remembered, or read from its class file once. */
    private static int supertype(Loader index, String name, int depth) {
        Integer known = index.facts.get(name);
        if (known != null) {
            return known;
        }
        int facts = 0;
        if (depth < MAX_DEPTH && walksSupertypes(name)) {
            MatchCounters.lookup();
            try {
                ClassFileLocator.Resolution resolution = index.locator.locate(name);
                if (resolution.isResolved()) {
                    facts = fromClassFile(index, name, OpenedClassReader.of(resolution.resolve()), depth);
                }
            } catch (Exception | LinkageError unreadable) {
                // An optional dependency the application does not have, or a class file no reader understands:
                // that branch ends, as if the supertype were none of ours.
            }
        }
        remember(index, name, facts);
        return facts;
    }

    private static int fromClassFile(Loader index, String name, ClassReader reader, int depth) {
        int access = reader.getAccess();
        int facts = own(name, access);
        if ((access & Opcodes.ACC_ANNOTATION) == 0 && mayBeResource(name) && index.seesJaxRs() && hasPath(reader)) {
            facts |= JAXRS_PATH;
        }
        if (walksSupertypes(name)) {
            String superName = reader.getSuperName();
            if (superName != null) {
                facts |= supertype(index, superName.replace('/', '.'), depth + 1) & KINDS;
            }
            for (String i : reader.getInterfaces()) {
                facts |= supertype(index, i.replace('/', '.'), depth + 1) & KINDS;
            }
        }
        return facts;
    }

    /** For a class already loaded (retransformation at install), described by Byte Buddy without reading a file. */
    private static int fromDescription(Loader index, TypeDescription type, int depth) {
        MatchCounters.description();
        String name = type.getName();
        int facts = own(name, type.getModifiers());
        if (!type.isAnnotation() && mayBeResource(name) && index.seesJaxRs()) {
            for (AnnotationDescription a : type.getDeclaredAnnotations()) {
                String annotation = a.getAnnotationType().getDescriptor();
                if (PATH_ANNOTATIONS[0].equals(annotation) || PATH_ANNOTATIONS[1].equals(annotation)) {
                    facts |= JAXRS_PATH;
                }
            }
        }
        if (walksSupertypes(name)) {
            TypeDefinition superClass = type.getSuperClass();
            if (superClass != null) {
                facts |= supertype(index, superClass.asErasure(), depth + 1) & KINDS;
            }
            for (TypeDefinition i : type.getInterfaces()) {
                facts |= supertype(index, i.asErasure(), depth + 1) & KINDS;
            }
        }
        return facts;
    }

    /** A supertype of a loaded class is loaded too: described by reflection, no class file read. */
    private static int supertype(Loader index, TypeDescription type, int depth) {
        if (!(type instanceof TypeDescription.ForLoadedType)) {
            return supertype(index, type.getName(), depth);
        }
        String name = type.getName();
        Integer known = index.facts.get(name);
        if (known != null) {
            return known;
        }
        int facts = depth < MAX_DEPTH && walksSupertypes(name) ? fromDescription(index, type, depth) : own(name, 0);
        remember(index, name, facts);
        return facts;
    }

    private static int own(String name, int access) {
        Integer kind = TARGETS.get(name);
        int facts = kind == null ? 0 : kind;
        if ((access & Opcodes.ACC_INTERFACE) != 0) {
            facts |= INTERFACE;
        }
        if ((access & Opcodes.ACC_ABSTRACT) != 0) {
            facts |= ABSTRACT;
        }
        if ((access & Opcodes.ACC_ANNOTATION) != 0) {
            facts |= ANNOTATION;
        }
        return facts;
    }

    /**
     * Families whose types are none of ours and extend none of ours: no servlet, filter, JDBC type, JCache cache, Apache
     * HttpClient client or JAX-RS resource is, or is a supertype of, one of their types. Their class files are never
     * read, though applications extend and implement them everywhere (Spring's {@code Ordered}, {@code InitializingBean}...). Narrower than
     * {@link IgnoredTypes}: a family never advised may still hold a servlet filter that an application's class extends.
     */
    private static final String[] NEVER_OURS = {
        "org.springframework.core.", "org.springframework.beans.", "org.springframework.context.",
        "org.springframework.aop.", "org.springframework.expression.", "org.springframework.util.",
        "org.springframework.aot.", "org.springframework.format.", "org.springframework.cglib.",
        "org.springframework.asm.", "org.springframework.transaction.", "org.springframework.dao.", "kotlin.", "kotlinx.",
        "scala.", "org.slf4j.", "org.antlr.", "com.typesafe.config.",
        Unrelocated.name("com", "fasterxml", "jackson", ""), "tools.jackson.",
    };

    /**
     * JDK types extend JDK types only: of those, only {@code java.sql}'s and {@code javax.sql}'s can be ours, so no
     * other JDK type ({@code javax.management}, {@code javax.naming}, {@code org.xml.sax}...) is read or walked; nor
     * is a type of the {@link #NEVER_OURS} families.
     */
    static boolean walksSupertypes(String name) {
        if (name.startsWith("java.")) {
            return name.startsWith("java.sql.");
        }
        if (name.startsWith("javax.sql.")) {
            return true;
        }
        for (String family : NEVER_OURS) {
            if (name.startsWith(family)) {
                return false;
            }
        }
        return !JdkPackages.contains(name);
    }

    /**
     * The packages of the JDK's own modules (those of the boot layer defined by the boot or platform class loader),
     * read once: a servlet container reads its JMX, JNDI and SAX supertypes, which are JDK types, as often as its own.
     */
    private static final class JdkPackages {
        private static final java.util.Set<String> PACKAGES = read();

        private static java.util.Set<String> read() {
            java.util.Set<String> packages = new java.util.HashSet<>();
            ClassLoader platform = ClassLoader.getPlatformClassLoader();
            for (Module module : ModuleLayer.boot().modules()) {
                ClassLoader loader = module.getClassLoader();
                if (loader == null || loader == platform) {
                    packages.addAll(module.getPackages());
                }
            }
            return packages;
        }

        static boolean contains(String typeName) {
            int dot = typeName.lastIndexOf('.');
            return dot > 0 && PACKAGES.contains(typeName.substring(0, dot));
        }
    }

    private static boolean hasPath(ClassReader reader) {
        boolean[] found = {false};
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (PATH_ANNOTATIONS[0].equals(descriptor) || PATH_ANNOTATIONS[1].equals(descriptor)) {
                    found[0] = true;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }
}
