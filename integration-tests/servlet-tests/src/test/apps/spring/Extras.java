package app;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Spring MVC with a plain DispatcherServlet (no Spring Boot): mapped at "/" and again at "/mvc/*", so both
 * the default and a prefix servlet mapping are exercised.
 */
final class Extras {
    private Extras() {
    }

    static void register(Tomcat tomcat, Context root) {
        add(root, "spring", "/");
        add(root, "springPrefixed", "/mvc/*");
    }

    private static void add(Context root, String name, String mapping) {
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(WebConfig.class, OwnersController.class);
        Tomcat.addServlet(root, name, new DispatcherServlet(spring)).setAsyncSupported(true);
        root.addServletMappingDecoded(mapping, name);
    }

    @Configuration
    @EnableWebMvc
    static class WebConfig {
    }

    @RestController
    public static class OwnersController {
        @GetMapping("/owners/{ownerId}")
        public String owner(@PathVariable("ownerId") String ownerId) {
            return "owner " + ownerId;
        }

        @GetMapping("/owners/{ownerId}/pets/{petId}")
        public String pet(@PathVariable("ownerId") String ownerId, @PathVariable("petId") String petId) {
            return "pet " + petId + " of " + ownerId;
        }

        @GetMapping("/orders/{code}")
        public String order(@PathVariable("code") String code) {
            if (code.startsWith("x")) {
                throw new IllegalArgumentException("bad order code (on purpose)");
            }
            return "order " + code;
        }
    }
}
