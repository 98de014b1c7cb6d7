package example.wildfly;

/**
 * Initialises JBoss Modules' {@code Module} class, which reads {@code jboss.modules.system.pkgs} once, prints
 * the value it read and waits {@code args[0]} seconds (for an attach). Run with jboss-modules.jar on the class path.
 */
public final class ModulesApp {
    private ModulesApp() {
    }

    public static void main(String[] args) throws Exception {
        Class.forName("org.jboss.modules.Module", true, ModulesApp.class.getClassLoader());
        System.out.println("modules ready, system packages: " + System.getProperty("jboss.modules.system.pkgs"));
        Thread.sleep(Long.parseLong(args[0]) * 1000);
    }
}
