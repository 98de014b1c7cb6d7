package dev.vitals.agent.instrumentation;

/**
 * Names of the application's classes in packages that the agent jar relocates for its own copies (Undertow,
 * XNIO, jboss-logging, Byte Buddy, Jackson, HdrHistogram). The shade plugin rewrites every string constant that
 * looks like such a name, so {@code "io.undertow.Undertow"} written as a literal would end up naming
 * {@code dev.vitals.shaded.undertow.Undertow}; joining the parts at run time keeps the application's name.
 */
public final class Unrelocated {
    private Unrelocated() {
    }

    /** The parts joined with dots: {@code name("io", "undertow", "Undertow")} is {@code io.undertow.Undertow}. */
    public static String name(String... parts) {
        return String.join(".", parts);
    }
}
