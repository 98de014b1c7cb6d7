package example;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

import java.math.BigDecimal;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * An application that bundles its own Jackson and Byte Buddy, versions different from the agent's. It
 * prints what it sees of them; with the agent attached it must print exactly the same.
 */
public final class IsolationApp {
    private IsolationApp() {
    }

    /** Serialised by the application's own databind. */
    public record Order(long id, List<String> items, BigDecimal total) {
    }

    public static void main(String[] args) throws Exception {
        HelloApp.awaitSignal(args);

        System.out.println("jackson-databind " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION
                + " from " + jarName(ObjectMapper.class));
        System.out.println("jackson-core " + com.fasterxml.jackson.core.json.PackageVersion.VERSION
                + " from " + jarName(com.fasterxml.jackson.core.JsonFactory.class));
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(new Order(42, List.of("mug", "kettle"), new BigDecimal("64.98")));
        System.out.println("json " + json);
        System.out.println("read back " + mapper.readValue(json, Order.class));
        System.out.println("jackson modules " + ObjectMapper.findModules());
        System.out.println("JsonFactory providers " + providers(com.fasterxml.jackson.core.JsonFactory.class));
        System.out.println("ObjectCodec providers " + providers(com.fasterxml.jackson.core.ObjectCodec.class));

        System.out.println("byte-buddy from " + jarName(ByteBuddy.class));
        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .name("example.Generated")
                .method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("made by the application's Byte Buddy"))
                .make()
                .load(IsolationApp.class.getClassLoader())
                .getLoaded();
        System.out.println("generated " + generated.getName() + ": " + generated.getDeclaredConstructor().newInstance());

        // The agent's internals and its relocated libraries must stay out of the application's sight.
        for (String name : List.of("dev.vitals.agent.Agent", "dev.vitals.exporter.HttpExporter",
                "dev.vitals.shaded.bytebuddy.ByteBuddy", "dev.vitals.shaded.jackson.core.JsonFactory",
                "dev.vitals.shaded.undertow.Undertow")) {
            System.out.println(name + " visible: " + visible(name));
        }
        System.out.println("done");
    }

    private static String jarName(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }

    private static <T> List<String> providers(Class<T> service) {
        List<String> names = new ArrayList<>();
        for (T provider : ServiceLoader.load(service)) {
            names.add(provider.getClass().getName());
        }
        return names;
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, IsolationApp.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
