package dev.vitals.it.startup;

import dev.vitals.it.AgentProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up guard, counted rather than timed so that it holds on any machine: while every class of Spring's,
 * Hibernate's, Tomcat's and H2's jars loads through a fresh class loader under the real agent, the agent must read
 * few class files and hand few classes to Byte Buddy per loaded class. The counts come from the agent's debug
 * counters ({@code -Ddev.vitals.debug.matching=true}), logged when the child JVM exits.
 *
 * <p>Measured on this set (15,300 classes loaded, 2-core machine): about 5,300 classes pass the ignored package
 * families, and of those only the 40 that a module named (by name, package or header) reach Byte Buddy, all 40
 * transformed (54 before Tomcat's wrapper valve recorded for the servlets and filters of its loader); 87 to 101 class
 * files read by the type index (713 before the servlet and JDBC matchers asked first whether a class declares a method
 * their advice applies to; 772 before Spring's core families were known to be none of ours), none read by Byte Buddy.
 * Before that, 105 classes were transformed: the other 44 (abstract bases, filters whose {@code doFilter} a base class
 * declares) declared no advised method and were rewritten unchanged. Before the candidate filter, all 4,438 classes
 * that passed the families reached Byte Buddy, which parsed each one's whole structure to reject it; before the type
 * index, every class that reached a hierarchy matcher had Byte Buddy read each of its supertypes' class files again.
 */
class MatchingCostTest {
    private static final Pattern LOADED = Pattern.compile("loaded (\\d+) failed (\\d+)");
    private static final Pattern COUNTS = Pattern.compile("matching: classes=(\\d+) lookups=(\\d+) described=(\\d+)"
            + " located=(\\d+) transformed=(\\d+) .* seen=(\\d+) missed=(\\d+) .*adviceBuilt=(\\d+) adviceInlined=(\\d+) methodsParsed=(\\d+) constantPools=(\\d+)"
            + " loaderResources=(\\d+) constantWalks=(\\d+)");

    @Test
    void loadingSpringAndHibernateReadsFewClassFilesPerClass() throws Exception {
        Path jars = Paths.get(System.getProperty("vitals.it.startup.jars", "target/startup-jars")).toAbsolutePath();
        assertTrue(Files.isDirectory(jars), "the jars to load are copied to " + jars + " by the build (generate-test-resources)");
        Path classLog = AgentProcess.tempDir("vitals-matching-").resolve("class-load.log");
        AgentProcess.Finished run = AgentProcess.main(LoadEveryClass.class)
                .agentArg("exporter.port", "0")
                .jvmOptions("-Xlog:class+load=info:file=" + classLog)
                .systemProperty("dev.vitals.debug.matching", "true")
                .args(jars.toString())
                .run(Duration.ofMinutes(5));
        assertEquals(0, run.exitCode(), run.description());

        Matcher loaded = LOADED.matcher(run.stdout());
        assertTrue(loaded.find(), run.description());
        long classes = Long.parseLong(loaded.group(1));
        assertTrue(classes > 15_000, "the fixed set is large: " + classes + " classes loaded");

        Matcher counts = COUNTS.matcher(run.stdout() + run.stderr());
        assertTrue(counts.find(), "the agent logs its match counters at exit: " + run.description());
        long reachingByteBuddy = Long.parseLong(counts.group(1));
        long indexReads = Long.parseLong(counts.group(2));
        long described = Long.parseLong(counts.group(3));
        long byteBuddyReads = Long.parseLong(counts.group(4));
        long transformed = Long.parseLong(counts.group(5));
        long seen = Long.parseLong(counts.group(6));
        long missed = Long.parseLong(counts.group(7));
        long adviceBuilt = Long.parseLong(counts.group(8));
        long adviceInlined = Long.parseLong(counts.group(9));
        long methodsParsed = Long.parseLong(counts.group(10));
        long constantPools = Long.parseLong(counts.group(11));
        long loaderResources = Long.parseLong(counts.group(12));
        long constantWalks = Long.parseLong(counts.group(13));
        String summary = counts.group() + " for " + classes + " loaded classes";
        System.out.println(summary);

        // Still instruments what it must: Tomcat's wrapper valve and the servlets and filters loaded before it, H2's and
        // Spring's JDBC classes. 40 on this set: once Tomcat's StandardWrapperValve is woven, the servlets and filters
        // of its class loader (here the one loader of every jar) are left to it; 54 before, when each was woven.
        assertTrue(transformed >= 35, "the valve, servlets, filters, statements, connections and data sources that declare"
                + " an advised method are still transformed (40 on this set): " + summary);
        // Name-ignored families (JDK, Hibernate, most of Spring...) never reach the type matchers.
        assertTrue(seen <= classes / 2, "at most half the classes reach the type matchers: " + summary);
        // Of those, Byte Buddy describes only the candidates that the modules named (by name, package or header);
        // with counting on, it is asked about the others too, and would have transformed none of them.
        assertEquals(0, missed, "classes kept from Byte Buddy that it would have transformed: " + summary);
        assertTrue(reachingByteBuddy <= 4 * transformed, "at most 4 classes reach Byte Buddy per transformed class: " + summary);
        // One resolution per distinct supertype and class loader, not one per class and supertype. Classes loaded
        // while the agent installs are described by reflection instead of their class files, so the split between
        // the two depends on timing; their sum and the reads do not grow with it.
        // Only classes that declare an advised method walk their hierarchy.
        assertTrue(indexReads + described <= classes / 100, "at most one type resolution per 100 loaded classes: " + summary);
        assertTrue(indexReads + byteBuddyReads <= classes / 100, "at most one class file read per 100 loaded classes: "
                + summary);
        // A class's methods are parsed (to see whether it declares an advised one) only when a constant of its class
        // file starts with an advised method's name (JDBC) or the servlet request parameter: 397 parses for 5,408
        // classes seen on this set, 2,906 when only the servlet matcher searched first, one for nearly every class
        // seen before either did.
        assertTrue(methodsParsed * 10 <= seen, "at most one class in 10 of those seen has its methods parsed: " + summary);
        // The servlet matcher and the three JDBC ones each ask about a class's constants: the constant pool is walked
        // once for all four, on the class file's bytes (in a Tomcat distribution's start, 479 walks for 800 classes
        // seen; 1,995 when each matcher walked it).
        assertTrue(constantWalks <= seen, "at most one walk of a class's constant pool, whatever the number of"
                + " matchers asking: " + summary);
        // A class reader is built only for a class that a matcher reads past its constants (its header, its methods):
        // 396 for 5,539 classes seen on this set, and 31 for 780 in a Tomcat start. Before the walk read the bytes
        // itself, one was built for every class seen, most of them to be rejected on their constants.
        assertTrue(constantPools * 10 <= seen, "a class reader for at most one class in 10 of those seen: " + summary);
        // Whether a class loader sees a library (the servlet API, JAX-RS, JCache: five class files in all) is asked once
        // per loader, never per class: a loader that does not see it walks every jar on its path to answer. 10 on this
        // set (the test's loader and the application's), 12 when the JAX-RS matcher asked apart from the type index.
        assertTrue(loaderResources <= 15, "at most five resource lookups per class loader: " + summary);
        // The agent's own weaver inlines the advice: each advice class is read once for the JVM, and Byte Buddy's
        // Advice (whose initialisation alone cost about 60 ms of a start) is built for none of them. Every transformed
        // class has at least one advised method.
        assertEquals(0, adviceBuilt, "no advice is built by Byte Buddy: " + summary);
        assertTrue(adviceInlined >= transformed, "every transformed class had advice inlined: " + summary);
        // Advice rewrites only the methods a class declares, so nothing resolves a transformed class's hierarchy: no
        // class file is read to transform (59 reads on this set with Byte Buddy's default method graph).
        assertTrue(byteBuddyReads <= 5, "Byte Buddy reads (almost) no class file to transform: " + summary);
        // A class is rewritten in one ASM pass with the advice's visitors: Byte Buddy's type builder, which built a
        // method registry and method graph per class and loaded about 130 more Byte Buddy classes, is never used.
        List<String> typeBuilder;
        try (Stream<String> lines = Files.lines(classLog)) {
            typeBuilder = lines.filter(l -> l.contains(" dev.vitals.shaded.bytebuddy.ByteBuddy ")
                    || l.contains(" dev.vitals.shaded.bytebuddy.dynamic.scaffold.TypeWriter")
                    || l.contains(" dev.vitals.shaded.bytebuddy.dynamic.scaffold.MethodRegistry")
                    || l.contains(" dev.vitals.shaded.bytebuddy.dynamic.scaffold.inline.")
                    || l.contains(" dev.vitals.shaded.bytebuddy.asm.Advice ")
                    || l.contains(" dev.vitals.shaded.bytebuddy.asm.Advice$Dispatcher"))
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), typeBuilder, "neither Byte Buddy's type builder nor its Advice loads to transform "
                + transformed + " classes");
    }
}
