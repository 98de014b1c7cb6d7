package example.wildfly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Initialises JBoss Modules' {@code Module} class, which reads {@code jboss.modules.system.pkgs} once, and prints
 * the value it read. Then (after the file {@code args[1]} appears, when given) loads the module
 * {@code org.jboss.logging} from the module repository {@code args[0]} and prints whether that module's class loader
 * finds {@code dev.vitals.bootstrap.Vitals}, as a deployment's must. Run with jboss-modules.jar on the class path.
 */
public final class ModulesApp {
    private ModulesApp() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("module.path", args[0]);
        Class<?> module = Class.forName("org.jboss.modules.Module", true, ModulesApp.class.getClassLoader());
        System.out.println("modules ready, system packages: " + System.getProperty("jboss.modules.system.pkgs"));
        if (args.length > 1) {
            Path signal = Paths.get(args[1]);
            for (int i = 0; i < 1200 && !Files.exists(signal); i++) {
                Thread.sleep(100);
            }
        }
        Object loader = module.getMethod("getBootModuleLoader").invoke(null);
        Object logging = loader.getClass().getMethod("loadModule", String.class).invoke(loader, "org.jboss.logging");
        ClassLoader moduleLoader = (ClassLoader) module.getMethod("getClassLoader").invoke(logging);
        String seen;
        try {
            Class<?> c = moduleLoader.loadClass("dev.vitals.bootstrap.Vitals");
            seen = c.getClassLoader() == null ? "from the boot loader" : "from " + c.getClassLoader();
        } catch (ClassNotFoundException e) {
            seen = "not visible";
        }
        System.out.println("a module loads dev.vitals.bootstrap.Vitals: " + seen);
    }
}
