package dev.vitals.agent.instrumentation.jbossmodules;

import net.bytebuddy.asm.Advice;

/**
 * On {@code org.jboss.modules.Module.loadModuleClass(String, boolean)}: a class of {@code dev.vitals.bootstrap}
 * comes from the boot loader, as if the package were listed in {@code jboss.modules.system.pkgs}. Inlined into
 * JBoss Modules, so it uses nothing but the JDK.
 */
public final class BootDelegationAdvice {
    private BootDelegationAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Class<?> enter(@Advice.Argument(0) String name) {
        if (name != null && name.startsWith("dev.vitals.bootstrap.")) {
            try {
                return Class.forName(name, false, null);
            } catch (Throwable notThere) {
                return null;
            }
        }
        return null;
    }

    @Advice.OnMethodExit
    public static void exit(@Advice.Enter Class<?> fromBoot, @Advice.Return(readOnly = false) Class<?> result) {
        if (fromBoot != null) {
            result = fromBoot;
        }
    }
}
