package dev.vitals.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agents compared, and the one place that says how each is attached. Every agent runs as shipped, with all
 * of its instrumentation on; only where its data goes is changed, so that none of them sends anything over the
 * network:
 * <ul>
 *   <li>{@code none}: no {@code -javaagent} (the floor).</li>
 *   <li>{@code empty}: {@link EmptyAgent}, a {@code premain} that does nothing. The JVM changes how it compiles some
 *       code as soon as any agent is attached (on JDK 17, H2's {@code executeQuery} allocates 80 B more per call), so
 *       an agent's own cost is its figure over this one, not over {@code none}.</li>
 *   <li>{@code transformer} (never part of {@code all}): the empty agent's jar with one class file transformer that
 *       changes nothing ({@link EmptyAgent}): what any agent that instruments classes as they load pays before it
 *       looks at one.</li>
 *   <li>{@code vitals}: {@code agent/target/vitals-agent.jar} with its listener on a free loopback port picked
 *       here (so a Vitals already on 9715 elsewhere on the machine cannot make it run without one; the fork is told
 *       its {@code /metrics} address as {@code -Dbench.vitals.metrics}) and {@code data.dir} in a scratch
 *       directory.</li>
 *   <li>{@code otel}: the OpenTelemetry Java agent from Maven Central. Traces and logs go to exporter
 *       {@code none}: spans are still created, sampled and ended (what an application pays), only not exported.
 *       Metrics go to its Prometheus endpoint on a free loopback port, like Vitals' {@code /metrics}, so its
 *       histograms are recorded (with exporter {@code none} OpenTelemetry would drop them unrecorded, which
 *       would understate its cost).</li>
 *   <li>{@code elastic}: the Elastic APM agent from Maven Central with {@code disable_send=true}, its server URL
 *       on a closed loopback port, {@code metrics_interval=0s} and no central configuration or cloud metadata
 *       look-ups. Transactions and spans are still created and ended.</li>
 *   <li>{@code vitals-base} (never part of {@code all}): a second Vitals jar, attached like {@code vitals}, to measure
 *       two builds of the agent side by side in one interleaved run (for example main's against a branch's).</li>
 * </ul>
 * Jars are found next to the benchmarks jar ({@code target/agents/} for the peers, copied there by
 * maven-dependency-plugin; {@code ../agent/target/vitals-agent.jar} for Vitals) unless the system properties
 * {@code vitals.agent.jar}, {@code bench.vitals.base.jar}, {@code bench.otel.jar} or {@code bench.elastic.jar} name
 * them ({@code vitals-base} defaults to {@code target/vitals-base/vitals-agent.jar}).
 */
public final class Agents {
    public static final List<String> ALL = List.of("none", "empty", "vitals", "otel", "elastic");
    /** Every name {@link #parse} accepts: {@link #ALL}, the transformer baseline and the second Vitals build. */
    private static final List<String> KNOWN = List.of("none", "empty", "transformer", "vitals", "vitals-base", "otel", "elastic");

    private final Map<String, Path> jars;

    private Agents(Map<String, Path> jars) {
        this.jars = jars;
    }

    /** The jar locations from system properties, else next to the benchmarks jar. */
    public static Agents locate() {
        Path target = targetDir();
        Path vitals = property("vitals.agent.jar", target.resolve("../../agent/target/vitals-agent.jar"));
        Path otel = property("bench.otel.jar", target.resolve("agents/opentelemetry-javaagent.jar"));
        Path elastic = property("bench.elastic.jar", target.resolve("agents/elastic-apm-agent.jar"));
        Path empty = property("bench.empty.jar", emptyAgentJar(target.resolve("empty-agent")));
        Path vitalsBase = property("bench.vitals.base.jar", target.resolve("vitals-base/vitals-agent.jar"));
        return new Agents(Map.of("empty", empty, "transformer", empty, "vitals", vitals, "vitals-base", vitalsBase, "otel", otel,
                "elastic", elastic));
    }

    /**
     * The jar of {@link EmptyAgent} alone that the build writes to {@code dir} (its name carries the version), or
     * where it would be.
     */
    private static Path emptyAgentJar(Path dir) {
        try (java.util.stream.Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().endsWith("-empty-agent.jar")).findFirst()
                    .orElse(dir.resolve("empty-agent.jar"));
        } catch (IOException missing) {
            return dir.resolve("empty-agent.jar");
        }
    }

    /** Fails with a message that says how to build what is missing, for each of {@code names}. */
    public void check(List<String> names) {
        for (String name : names) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown agent '" + name + "'; known: " + String.join(",", KNOWN));
            }
            Path jar = jars.get(name);
            if (jar != null && !Files.isRegularFile(jar)) {
                String how = name.equals("vitals-base") ? "copy the Vitals jar to compare there, or name it with -Dbench.vitals.base.jar=PATH"
                        : name.equals("vitals") || name.equals("empty") || name.equals("transformer")
                        ? "build it: mvn -B -q install -DskipTests (from the repository root)"
                        : "build the benchmarks module without -DskipPeers (mvn -B -q install -DskipTests), which copies it from Maven Central";
                throw new IllegalStateException("the " + name + " agent jar is missing at " + jar + ": " + how);
            }
        }
    }

    public Path jar(String name) {
        return jars.get(name);
    }

    /**
     * The JVM options that attach {@code name}. {@code scratch} is a directory for the agent's files. Each call
     * picks fresh free ports, so call it once per JVM started.
     */
    public List<String> jvmArgs(String name, Path scratch) {
        List<String> args = new ArrayList<>();
        switch (name) {
            case "none" -> {
                // the floor
            }
            case "empty" -> args.add("-javaagent:" + jar(name));
            case "transformer" -> args.add("-javaagent:" + jar(name) + "=transformer");
            case "vitals", "vitals-base" -> {
                int port = freePort();
                args.add("-javaagent:" + jar(name) + "=exporter.port=" + port + ",data.dir="
                        + scratch.resolve("vitals-data").toAbsolutePath());
                // Where a suite checks what the agent recorded (WebFluxBenchmark).
                args.add("-Dbench.vitals.metrics=http://127.0.0.1:" + port + "/metrics");
            }
            case "otel" -> {
                args.add("-javaagent:" + jar(name));
                args.add("-Dotel.service.name=vitals-bench");
                args.add("-Dotel.traces.exporter=none");
                args.add("-Dotel.logs.exporter=none");
                args.add("-Dotel.metrics.exporter=prometheus");
                args.add("-Dotel.exporter.prometheus.host=127.0.0.1");
                args.add("-Dotel.exporter.prometheus.port=" + freePort());
            }
            case "elastic" -> {
                args.add("-javaagent:" + jar(name));
                args.add("-Delastic.apm.service_name=vitals-bench");
                args.add("-Delastic.apm.server_url=http://127.0.0.1:" + freePort()); // closed: nothing listens
                args.add("-Delastic.apm.disable_send=true");
                args.add("-Delastic.apm.metrics_interval=0s");
                args.add("-Delastic.apm.central_config=false");
                args.add("-Delastic.apm.cloud_provider=NONE");
                args.add("-Delastic.apm.log_level=WARN");
            }
            default -> throw new IllegalArgumentException("unknown agent '" + name + "'");
        }
        return args;
    }

    /** Parses {@code none,vitals,...}; {@code all} means every agent. */
    public static List<String> parse(String list) {
        if (list.equals("all")) {
            return ALL;
        }
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(n)) {
                throw new IllegalArgumentException("unknown agent '" + name + "'; known: " + String.join(",", KNOWN) + ", all");
            }
            names.add(n);
        }
        return names;
    }

    /** Whether {@code name} is a Vitals build ({@code vitals} or {@code vitals-base}), whose recording can be checked. */
    public static boolean isVitals(String name) {
        return name.equals("vitals") || name.equals("vitals-base");
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code benchmarks/target}: the directory holding benchmarks.jar (or target/classes' parent). */
    static Path targetDir() {
        try {
            Path location = Paths.get(Agents.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path property(String name, Path fallback) {
        String value = System.getProperty(name);
        return (value == null || value.isEmpty() ? fallback : Paths.get(value)).toAbsolutePath().normalize();
    }
}
