package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import static dev.vitals.agent.instrumentation.MethodMatcher.isAbstract;
import static dev.vitals.agent.instrumentation.MethodMatcher.isBridge;
import static dev.vitals.agent.instrumentation.MethodMatcher.isConstructor;
import static dev.vitals.agent.instrumentation.MethodMatcher.isMethod;
import static dev.vitals.agent.instrumentation.MethodMatcher.isPublic;
import static dev.vitals.agent.instrumentation.MethodMatcher.isStatic;
import static dev.vitals.agent.instrumentation.MethodMatcher.isSynthetic;
import static dev.vitals.agent.instrumentation.MethodMatcher.nameStartsWith;
import static dev.vitals.agent.instrumentation.MethodMatcher.named;
import static dev.vitals.agent.instrumentation.MethodMatcher.namedOneOf;
import static dev.vitals.agent.instrumentation.MethodMatcher.not;
import static dev.vitals.agent.instrumentation.MethodMatcher.returns;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArgument;
import static dev.vitals.agent.instrumentation.MethodMatcher.takesArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodMatcherTest {
    private static final int PUBLIC = Opcodes.ACC_PUBLIC;
    /** {@code String execute(String sql, int[] columns)}. */
    private static final String EXECUTE = "(Ljava/lang/String;[I)Ljava/lang/String;";

    @Test
    void namesArePickedByEqualityPrefixOrSet() {
        assertTrue(named("execute").matches(PUBLIC, "execute", EXECUTE));
        assertFalse(named("execute").matches(PUBLIC, "executeQuery", EXECUTE));
        assertTrue(nameStartsWith("execute").matches(PUBLIC, "executeQuery", EXECUTE));
        assertFalse(nameStartsWith("execute").matches(PUBLIC, "addBatch", EXECUTE));
        assertTrue(namedOneOf("get", "execute").matches(PUBLIC, "execute", EXECUTE));
        assertFalse(namedOneOf("get", "execute").matches(PUBLIC, "put", EXECUTE));
    }

    @Test
    void accessFlagsAreReadFromTheClassFilesFlags() {
        int publicStatic = PUBLIC | Opcodes.ACC_STATIC;
        assertTrue(isPublic().matches(publicStatic, "m", "()V"));
        assertTrue(isStatic().matches(publicStatic, "m", "()V"));
        assertFalse(isStatic().matches(PUBLIC, "m", "()V"));
        assertTrue(isAbstract().matches(Opcodes.ACC_ABSTRACT, "m", "()V"));
        assertFalse(isAbstract().matches(PUBLIC, "m", "()V"));
        assertTrue(isSynthetic().matches(Opcodes.ACC_SYNTHETIC, "m", "()V"));
        assertTrue(isBridge().matches(Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC, "m", "()V"));
        assertFalse(isBridge().matches(Opcodes.ACC_SYNTHETIC, "m", "()V"));
    }

    @Test
    void constructorsTypeInitializersAndMethodsAreToldApart() {
        assertTrue(isConstructor().matches(PUBLIC, "<init>", "()V"));
        assertFalse(isConstructor().matches(PUBLIC, "init", "()V"));
        assertTrue(isMethod().matches(PUBLIC, "init", "()V"));
        assertFalse(isMethod().matches(PUBLIC, "<init>", "()V"));
        assertFalse(isMethod().matches(Opcodes.ACC_STATIC, "<clinit>", "()V"));
    }

    @Test
    void argumentsAndReturnTypeAreReadFromTheDescriptor() {
        assertTrue(takesArguments(2).matches(PUBLIC, "execute", EXECUTE));
        assertFalse(takesArguments(1).matches(PUBLIC, "execute", EXECUTE));
        assertTrue(takesArguments(0).matches(PUBLIC, "close", "()V"));
        assertTrue(takesArgument(0, String.class).matches(PUBLIC, "execute", EXECUTE));
        assertTrue(takesArgument(1, "[I").matches(PUBLIC, "execute", EXECUTE));
        assertTrue(takesArgument(1, int[].class).matches(PUBLIC, "execute", EXECUTE));
        assertFalse(takesArgument(1, "int").matches(PUBLIC, "execute", EXECUTE));
        assertFalse(takesArgument(2, "int").matches(PUBLIC, "execute", EXECUTE), "past the last argument");
        assertTrue(returns(String.class).matches(PUBLIC, "execute", EXECUTE));
        assertTrue(returns("void").matches(PUBLIC, "close", "()V"));
        assertFalse(returns("void").matches(PUBLIC, "execute", EXECUTE));
        // The return type is what follows the arguments, not any type the descriptor ends with.
        assertFalse(returns("int").matches(PUBLIC, "m", "(I)J"));
        assertTrue(returns(String.class).matches(PUBLIC, "m", "(Ljava/lang/String;)Ljava/lang/String;"));
        assertFalse(returns("java.lang.String").matches(PUBLIC, "m", "()Lmy/java/lang/String;"));
    }

    @Test
    void matchersCombine() {
        MethodMatcher publicExecute = named("execute").and(isPublic());
        assertTrue(publicExecute.matches(PUBLIC, "execute", EXECUTE));
        assertFalse(publicExecute.matches(0, "execute", EXECUTE));
        assertFalse(publicExecute.matches(PUBLIC, "close", "()V"));
        MethodMatcher either = named("close").or(takesArguments(2));
        assertTrue(either.matches(0, "close", "()V"));
        assertTrue(either.matches(0, "execute", EXECUTE));
        assertFalse(either.matches(0, "execute", "(Ljava/lang/String;)Z"));
        assertTrue(not(isStatic()).matches(PUBLIC, "m", "()V"));
        assertFalse(not(isStatic()).matches(Opcodes.ACC_STATIC, "m", "()V"));
    }

    @Test
    void byteBuddysViewAsksTheSameOfAMethodDescription() throws Exception {
        MethodDescription substring = new MethodDescription.ForLoadedMethod(String.class.getMethod("substring", int.class));
        assertTrue(named("substring").and(takesArguments(1)).and(returns(String.class)).asByteBuddy().matches(substring));
        assertFalse(isStatic().asByteBuddy().matches(substring));
        assertFalse(named("substring").asByteBuddy().matches(null));
    }

    @Test
    void descriptorsOfBinaryNames() {
        assertEquals("I", MethodMatcher.descriptorOf("int"));
        assertEquals("Ljava/lang/String;", MethodMatcher.descriptorOf("java.lang.String"));
        assertEquals("[Ljava/lang/Object;", MethodMatcher.descriptorOf("[Ljava.lang.Object;"));
    }
}
