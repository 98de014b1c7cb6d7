package dev.vitals.agent.instrumentation;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves a loading class from its class file alone: the methods are matched on their flags, names and descriptors
 * ({@link MethodMatcher}) and the advice is inlined by the agent's own weaver, in one ASM pass that copies the rest.
 * Nothing of Byte Buddy is used but its relocated ASM: no type pool, no description of the class or its methods. That
 * is the path of almost every class the agent advises as it loads, and it keeps Byte Buddy's type pool and
 * descriptions (several hundred classes, their initialisation and their compiles) off an application's start.
 *
 * <p>What this cannot do, it says by throwing {@link #NEEDS_BYTE_BUDDY} before anything is returned, and the class is
 * then woven through Byte Buddy's descriptions as before: advice that reads a field the class inherits (the fields it
 * declares are read from its class file), advice with its own bindings, a method
 * matcher only a description can answer, a method the agent's weaver leaves to Byte Buddy's {@code Advice}.
 */
final class ClassWeaver {
    /** Thrown (preallocated, no stack trace) when a class must be woven through Byte Buddy instead. */
    static final RuntimeException NEEDS_BYTE_BUDDY = new RuntimeException("woven through Byte Buddy", null, false, false) {
    };

    /** The class file version from which classes have stack map frames (Java 6), which the weaver needs. */
    private static final int JAVA_6 = 50;

    private ClassWeaver() {
    }

    /**
     * {@code classFile} with the advice of {@code transformers} inlined, or null when no method took any.
     *
     * @param reader the reader of {@code classFile} if one is at hand (its constant pool is walked already), else null
     * @throws RuntimeException {@link #NEEDS_BYTE_BUDDY}
     */
    static byte[] weave(byte[] classFile, ClassReader reader, List<AdviceTransformer> transformers) {
        ClassReader read = reader != null ? reader : OpenedClassReader.of(classFile);
        ClassWriter writer = new ClassWriter(read, 0);
        Dispatcher dispatcher = new Dispatcher(writer, transformers);
        // Expanded frames: the weaver adds locals to every frame of an advised method.
        read.accept(dispatcher, ClassReader.EXPAND_FRAMES);
        return dispatcher.advised ? writer.toByteArray() : null;
    }

    /**
     * Links the classes of the visitors that weaving uses, at the install and before any class is woven. The type index
     * reads methods with ASM's {@code ClassReader.readMethod} from the first classes checked, and the JIT compiles that
     * method early, assuming that the type index's visitor and ASM's method writer are the only visitors linked; the
     * first weaving linked the others, and the compiled method was thrown away and compiled again, twice in a Tomcat
     * start (about 16 ms of C1's time). The JIT's class hierarchy analysis counts only linked classes, so loading them
     * is not enough: they are initialised (none does anything when it is). Returns the classes.
     */
    static Class<?>[] linkVisitors() throws ClassNotFoundException {
        List<Class<?>> visitors = new ArrayList<>();
        visitors.add(ClassWriter.class);
        // The weaver's own visitors, anonymous ones included (a nest lists every class nested in it).
        for (Class<?> nest : new Class<?>[] {ClassWeaver.class, AdviceMethod.class, InliningMethodVisitor.class}) {
            for (Class<?> member : nest.getNestMembers()) {
                if (ClassVisitor.class.isAssignableFrom(member) || MethodVisitor.class.isAssignableFrom(member)
                        || AnnotationVisitor.class.isAssignableFrom(member)) {
                    visitors.add(member);
                }
            }
        }
        for (String packagePrivate : new String[] {"MethodWriter", "AnnotationWriter"}) {
            visitors.add(Class.forName(ClassWriter.class.getName().replace("ClassWriter", packagePrivate), false,
                    ClassWriter.class.getClassLoader()));
        }
        for (Class<?> visitor : visitors) {
            Class.forName(visitor.getName(), true, visitor.getClassLoader());
        }
        return visitors.toArray(new Class<?>[0]);
    }

    /** Hands each method to the transformers, in order, as Byte Buddy's {@code ForDeclaredMethods} would. */
    private static final class Dispatcher extends ClassVisitor {
        private final List<AdviceTransformer> transformers;
        private String owner;
        private boolean hasFrames;
        /** The fields the class declares, by name: visited before its methods, and all that advice may read here. */
        private final Map<String, InlineAdvice.FieldRef> fields = new HashMap<>();
        boolean advised;

        Dispatcher(ClassVisitor writer, List<AdviceTransformer> transformers) {
            super(OpenedClassReader.ASM_API, writer);
            this.transformers = transformers;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name;
            hasFrames = (version & 0xFFFF) >= JAVA_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.put(name, new InlineAdvice.FieldRef(owner, name, descriptor, (access & Opcodes.ACC_STATIC) != 0));
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor written = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (written == null) {
                return null;
            }
            MethodVisitor visitor = written;
            for (AdviceTransformer transformer : transformers) {
                visitor = transformer.weave(visitor, owner, access, name, descriptor, hasFrames, fields::get);
            }
            advised |= visitor != written;
            return visitor;
        }
    }
}
