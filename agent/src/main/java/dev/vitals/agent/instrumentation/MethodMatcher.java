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
        return new Check(Check.AND, null, 0, null, this, other);
    }

    default MethodMatcher or(MethodMatcher other) {
        return new Check(Check.OR, null, 0, null, this, other);
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
        return new Check(Check.NAMED, name, 0, null, null, null);
    }

    static MethodMatcher namedOneOf(String... names) {
        return new Check(Check.NAMED_ONE_OF, null, 0, new HashSet<>(Arrays.asList(names)), null, null);
    }

    static MethodMatcher nameStartsWith(String prefix) {
        return new Check(Check.NAME_STARTS_WITH, prefix, 0, null, null, null);
    }

    static MethodMatcher not(MethodMatcher matcher) {
        return new Check(Check.NOT, null, 0, null, matcher, null);
    }

    static MethodMatcher isPublic() {
        return new Check(Check.ACCESS, null, Opcodes.ACC_PUBLIC, null, null, null);
    }

    static MethodMatcher isStatic() {
        return new Check(Check.ACCESS, null, Opcodes.ACC_STATIC, null, null, null);
    }

    static MethodMatcher isAbstract() {
        return new Check(Check.ACCESS, null, Opcodes.ACC_ABSTRACT, null, null, null);
    }

    static MethodMatcher isSynthetic() {
        return new Check(Check.ACCESS, null, Opcodes.ACC_SYNTHETIC, null, null, null);
    }

    static MethodMatcher isBridge() {
        return new Check(Check.ACCESS, null, Opcodes.ACC_BRIDGE, null, null, null);
    }

    static MethodMatcher isConstructor() {
        return named("<init>");
    }

    /** A method, not a constructor or a type initializer. */
    static MethodMatcher isMethod() {
        return not(namedOneOf("<init>", "<clinit>"));
    }

    static MethodMatcher takesArguments(int count) {
        return new Check(Check.ARGUMENT_COUNT, null, count, null, null, null);
    }

    /** The argument at {@code index} is of the type named {@code typeName}. */
    static MethodMatcher takesArgument(int index, String typeName) {
        return new Check(Check.ARGUMENT, descriptorOf(typeName), index, null, null, null);
    }

    static MethodMatcher takesArgument(int index, Class<?> type) {
        return takesArgument(index, type.getName());
    }

    /** Returns the type named {@code typeName} ({@code void} for none). */
    static MethodMatcher returns(String typeName) {
        return new Check(Check.RETURNS, descriptorOf(typeName), 0, null, null, null);
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

    /**
     * Every matcher the factories build, told apart by {@code kind}. One class rather than a lambda per factory: each
     * lambda cost the install a class generated on first use, and five of them a method-handle class as well (the
     * instrumentation modules build some fifty matchers while the application starts).
     */
    final class Check implements MethodMatcher {
        static final int NAMED = 0;
        static final int NAMED_ONE_OF = 1;
        static final int NAME_STARTS_WITH = 2;
        static final int ACCESS = 3;
        static final int ARGUMENT_COUNT = 4;
        static final int ARGUMENT = 5;
        static final int RETURNS = 6;
        static final int NOT = 7;
        static final int AND = 8;
        static final int OR = 9;

        private final int kind;
        /** A name, a prefix or a descriptor. */
        private final String text;
        /** An access flag, an argument count or an argument's index. */
        private final int number;
        private final Set<String> names;
        private final MethodMatcher left;
        private final MethodMatcher right;

        Check(int kind, String text, int number, Set<String> names, MethodMatcher left, MethodMatcher right) {
            this.kind = kind;
            this.text = text;
            this.number = number;
            this.names = names;
            this.left = left;
            this.right = right;
        }

        @Override
        public boolean matches(int access, String name, String descriptor) {
            switch (kind) {
                case NAMED:
                    return name.equals(text);
                case NAMED_ONE_OF:
                    return names.contains(name);
                case NAME_STARTS_WITH:
                    return name.startsWith(text);
                case ACCESS:
                    return (access & number) != 0;
                case ARGUMENT_COUNT:
                    return Type.getArgumentTypes(descriptor).length == number;
                case ARGUMENT: {
                    Type[] arguments = Type.getArgumentTypes(descriptor);
                    return number < arguments.length && arguments[number].getDescriptor().equals(text);
                }
                case RETURNS:
                    return descriptor.endsWith(text) && descriptor.length() - text.length() == descriptor.indexOf(')') + 1;
                case NOT:
                    return !left.matches(access, name, descriptor);
                case AND:
                    return left.matches(access, name, descriptor) && right.matches(access, name, descriptor);
                case OR:
                    return left.matches(access, name, descriptor) || right.matches(access, name, descriptor);
                default:
                    throw new IllegalStateException("no matcher of kind " + kind);
            }
        }
    }
}
