package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Which methods an advice applies to, decided from what the class file says of a method: its access flags, its name
 * and its descriptor. A loading class is then woven from its class file alone ({@link ClassWeaver}), with no Byte Buddy
 * description of it or of its methods; {@link #asByteBuddy} gives the same matcher to Byte Buddy's {@code Advice} where
 * that still weaves.
 *
 * <p>The factories mirror Byte Buddy's {@code ElementMatchers} of the same names. A type is named by its binary name
 * ({@code java.lang.String}, {@code int}, {@code java.lang.Object[]} as {@code [Ljava.lang.Object;}) or given as a
 * class, which is read as its descriptor and never described.
 */
@FunctionalInterface
public interface MethodMatcher {
    /**
     * @param access     the method's access flags in the class file ({@code Opcodes.ACC_*})
     * @param name       its name, {@code <init>} for a constructor
     * @param descriptor its descriptor, {@code (Ljava/lang/String;)V}
     */
    boolean matches(int access, String name, String descriptor);

    default MethodMatcher and(MethodMatcher other) {
        return (access, name, descriptor) -> matches(access, name, descriptor) && other.matches(access, name, descriptor);
    }

    default MethodMatcher or(MethodMatcher other) {
        return (access, name, descriptor) -> matches(access, name, descriptor) || other.matches(access, name, descriptor);
    }

    /** This matcher asked of Byte Buddy's description of a method, which carries the same flags, name and descriptor. */
    default ElementMatcher.Junction<MethodDescription> asByteBuddy() {
        MethodMatcher matcher = this;
        return new ElementMatcher.Junction.AbstractBase<MethodDescription>() {
            @Override
            public boolean matches(MethodDescription method) {
                return method != null && matcher.matches(method.getModifiers(), method.getInternalName(),
                        method.getDescriptor());
            }
        };
    }

    static MethodMatcher named(String name) {
        return (access, n, descriptor) -> n.equals(name);
    }

    static MethodMatcher namedOneOf(String... names) {
        Set<String> set = new HashSet<>(Arrays.asList(names));
        return (access, name, descriptor) -> set.contains(name);
    }

    static MethodMatcher nameStartsWith(String prefix) {
        return (access, name, descriptor) -> name.startsWith(prefix);
    }

    static MethodMatcher not(MethodMatcher matcher) {
        return (access, name, descriptor) -> !matcher.matches(access, name, descriptor);
    }

    static MethodMatcher isPublic() {
        return (access, name, descriptor) -> (access & Opcodes.ACC_PUBLIC) != 0;
    }

    static MethodMatcher isStatic() {
        return (access, name, descriptor) -> (access & Opcodes.ACC_STATIC) != 0;
    }

    static MethodMatcher isAbstract() {
        return (access, name, descriptor) -> (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    static MethodMatcher isSynthetic() {
        return (access, name, descriptor) -> (access & Opcodes.ACC_SYNTHETIC) != 0;
    }

    static MethodMatcher isBridge() {
        return (access, name, descriptor) -> (access & Opcodes.ACC_BRIDGE) != 0;
    }

    static MethodMatcher isConstructor() {
        return (access, name, descriptor) -> name.equals("<init>");
    }

    /** A method, not a constructor or a type initializer. */
    static MethodMatcher isMethod() {
        return (access, name, descriptor) -> !name.equals("<init>") && !name.equals("<clinit>");
    }

    static MethodMatcher takesArguments(int count) {
        return (access, name, descriptor) -> Type.getArgumentTypes(descriptor).length == count;
    }

    /** The argument at {@code index} is of the type named {@code typeName}. */
    static MethodMatcher takesArgument(int index, String typeName) {
        String wanted = descriptorOf(typeName);
        return (access, name, descriptor) -> {
            Type[] arguments = Type.getArgumentTypes(descriptor);
            return index < arguments.length && arguments[index].getDescriptor().equals(wanted);
        };
    }

    static MethodMatcher takesArgument(int index, Class<?> type) {
        return takesArgument(index, type.getName());
    }

    /** Returns the type named {@code typeName} ({@code void} for none). */
    static MethodMatcher returns(String typeName) {
        String wanted = descriptorOf(typeName);
        return (access, name, descriptor) -> descriptor.endsWith(wanted)
                && descriptor.length() - wanted.length() == descriptor.indexOf(')') + 1;
    }

    static MethodMatcher returns(Class<?> type) {
        return returns(type.getName());
    }

    /** The descriptor of the type with binary name {@code typeName}, as {@code Class.getName()} gives it. */
    static String descriptorOf(String typeName) {
        switch (typeName) {
            case "void": return "V";
            case "boolean": return "Z";
            case "byte": return "B";
            case "char": return "C";
            case "short": return "S";
            case "int": return "I";
            case "long": return "J";
            case "float": return "F";
            case "double": return "D";
            default:
                return typeName.startsWith("[") ? typeName.replace('.', '/') : "L" + typeName.replace('.', '/') + ";";
        }
    }
}
