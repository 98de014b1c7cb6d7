package dev.vitals.agent.instrumentation;

import dev.vitals.agent.instrumentation.AdviceMethod.Parameter;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One of the agent's advice classes, read once for the whole JVM and inlined by {@link InliningMethodVisitor}
 * instead of by Byte Buddy's {@code Advice}. Building an {@code Advice} costs its class initialisation (about 60 ms
 * of a start) and a parse of the advice class per class loader, and inlining through it runs far more code per
 * advised method; this does what the agent's advice needs and no more.
 *
 * <p>Where the advice does something this does not copy ({@link AdviceMethod#unsupported}), or the method is one it
 * leaves alone (a constructor with enter advice or advice on its exceptions, a class file older than Java 6, which has
 * no frames), the method goes to Byte Buddy's {@code Advice}, built only then.
 */
final class InlineAdvice {
    final String adviceClass;
    final AdviceMethod enter;
    final AdviceMethod exit;
    /** Why this advice is always left to Byte Buddy, or null. */
    final String unsupported;

    private InlineAdvice(String adviceClass, AdviceMethod enter, AdviceMethod exit, String unsupported) {
        this.adviceClass = adviceClass;
        this.enter = enter;
        this.exit = exit;
        this.unsupported = unsupported;
    }

    /** Reads {@code adviceClass} through {@code classes}; never throws (what fails is left to Byte Buddy). */
    static InlineAdvice read(String adviceClass, ClassFileLocator classes) {
        try {
            AdviceMethod[] methods = AdviceMethod.read(classes.locate(adviceClass).resolve());
            String unsupported = null;
            for (AdviceMethod method : methods) {
                if (method != null && method.unsupported != null) {
                    unsupported = method.unsupported;
                }
            }
            if (methods[0] == null && methods[1] == null) {
                unsupported = "no advice method";
            }
            return new InlineAdvice(adviceClass, methods[0], methods[1], unsupported);
        } catch (Throwable t) {
            return new InlineAdvice(adviceClass, null, null, "unreadable: " + t);
        }
    }

    boolean supported() {
        return unsupported == null;
    }

    /** This advice as a method visitor wrapper; methods it cannot inline into go to {@code fallback}'s. */
    AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper orElse(
            Supplier<? extends AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper> fallback) {
        return (type, method, visitor, context, pool, writerFlags, readerFlags) -> {
            Map<Parameter, FieldRef> fields = bind(type, method, context);
            if (fields == null) {
                return fallback.get().wrap(type, method, visitor, context, pool, writerFlags, readerFlags);
            }
            MatchCounters.adviceInlined();
            return new InliningMethodVisitor(visitor, type.getInternalName(), method.isStatic(), method.getDescriptor(),
                    enter, exit, fields);
        };
    }

    /** The fields the advice reads in {@code method}, or null when it is not inlined there. */
    Map<Parameter, FieldRef> bind(TypeDescription type, MethodDescription method, Implementation.Context context) {
        return bind(type.getInternalName(), method.getModifiers(), method.getInternalName(), method.getDescriptor(),
                !context.getClassFileVersion().isLessThan(ClassFileVersion.JAVA_V6), name -> field(type, name));
    }

    /**
     * The fields the advice reads in the method {@code name}{@code descriptor} of the class {@code owner} (internal
     * name), or null when it is not inlined there.
     *
     * @param hasFrames whether the class file has stack map frames (Java 6 and later)
     * @param fields    finds a field the advice reads by name, or null where none can be found (then advice that reads
     *                  a field is not inlined)
     */
    Map<Parameter, FieldRef> bind(String owner, int access, String name, String descriptor, boolean hasFrames,
                                          Function<String, FieldRef> fields) {
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        if (!supported() || name.equals("<clinit>") || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || !hasFrames) {
            return null;
        }
        if (name.equals("<init>") && (enter != null || exit == null || exit.onThrowable != null)) {
            return null; // see InliningMethodVisitor: only exit advice that runs on return
        }
        Map<Parameter, FieldRef> bound = new IdentityHashMap<>();
        Type[] arguments = Type.getArgumentTypes(descriptor);
        Type returned = Type.getReturnType(descriptor);
        for (AdviceMethod advice : new AdviceMethod[] {enter, exit}) {
            if (advice == null) {
                continue;
            }
            for (Parameter p : advice.parameters) {
                Type from;
                switch (p.binding) {
                    case THIS:
                        if (isStatic) {
                            return null;
                        }
                        from = Type.getObjectType(owner);
                        break;
                    case ARGUMENT:
                        if (p.index >= arguments.length || (p.writable && !p.type.equals(arguments[p.index]))) {
                            return null;
                        }
                        from = arguments[p.index];
                        break;
                    case ENTER:
                        if (enter == null || enter.returnType.getSort() == Type.VOID) {
                            return null;
                        }
                        from = enter.returnType;
                        break;
                    case RETURN:
                        if (p.writable && !p.type.equals(returned)) {
                            return null;
                        }
                        from = returned.getSort() == Type.VOID ? Type.getType(Object.class) : returned;
                        break;
                    case THROWN:
                        from = Type.getObjectType(exit.onThrowable);
                        break;
                    case FIELD:
                        FieldRef field = fields == null ? null : fields.apply(p.field);
                        if (field == null || (!field.isStatic && isStatic)) {
                            return null;
                        }
                        bound.put(p, field);
                        from = Type.getType(field.descriptor);
                        break;
                    default:
                        return null;
                }
                if (!InliningMethodVisitor.convertible(from, p.type)) {
                    return null;
                }
            }
        }
        return bound;
    }

    /** The field {@code name} that {@code type} declares or inherits and can read, or null. */
    private static FieldRef field(TypeDescription type, String name) {
        for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
            for (FieldDescription field : t.getDeclaredFields()) {
                if (field.getName().equals(name)) {
                    return field.isVisibleTo(type) ? new FieldRef(field.getDeclaringType().asErasure().getInternalName(),
                            name, field.getDescriptor(), field.isStatic()) : null;
                }
            }
        }
        return null;
    }

    /** A field that advice reads: where the weaver finds it. */
    static final class FieldRef {
        /** The internal name of the class that declares it. */
        final String owner;
        final String name;
        final String descriptor;
        final boolean isStatic;

        FieldRef(String owner, String name, String descriptor, boolean isStatic) {
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.isStatic = isStatic;
        }
    }
}
