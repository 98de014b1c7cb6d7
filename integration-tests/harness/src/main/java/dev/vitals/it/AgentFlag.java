package dev.vitals.it;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code -javaagent} option that the harness builders ({@link AgentProcess}, {@link TomcatDistribution}) add:
 * the jar (by default {@link Jars#agent()}) with its {@code key=value} arguments, {@code exporter.port=0} and a
 * fresh {@code data.dir} unless the test says otherwise. Not thread-safe, like the builders.
 */
final class AgentFlag {
    private boolean enabled = true;
    private Path jar;
    private final Map<String, String> args = new LinkedHashMap<>();

    AgentFlag() {
        args.put("exporter.port", "0");
    }

    void disable() {
        enabled = false;
    }

    boolean enabled() {
        return enabled;
    }

    void jar(Path jar) {
        this.jar = jar;
    }

    /** Sets (or, with {@code null}, removes) one argument. */
    void arg(String key, String value) {
        if (value == null) {
            args.remove(key);
        } else {
            args.put(key, value);
        }
    }

    void clear() {
        args.clear();
    }

    /** {@code key=value,key=value}, as passed to the agent. */
    String renderedArgs() {
        return args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The JVM option, with {@code data.dir} from {@code dataDir} unless one was given; null when disabled. */
    String option(Supplier<Path> dataDir) {
        if (!enabled) {
            return null;
        }
        if (!args.containsKey("data.dir")) {
            args.put("data.dir", dataDir.get().toString());
        }
        String rendered = renderedArgs();
        return "-javaagent:" + (jar != null ? jar : Jars.agent()) + (rendered.isEmpty() ? "" : "=" + rendered);
    }
}
