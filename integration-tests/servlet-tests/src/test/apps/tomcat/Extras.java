package app;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/** Hook for test-specific additions to the Tomcat app (the Spring and leak apps replace this file). */
final class Extras {
    private Extras() {
    }

    static void register(Tomcat tomcat, Context root) {
    }
}
