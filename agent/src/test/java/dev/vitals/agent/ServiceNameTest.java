package dev.vitals.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceNameTest {
    private static final String TOMCAT = "org.apache.catalina.startup.Bootstrap start";
    private static final String WILDFLY = "/opt/wildfly-38.0.1.Final/jboss-modules.jar -mp /opt/wildfly-38.0.1.Final/modules org.jboss.as.standalone";

    @TempDir
    Path dir;

    @Test
    void jarNameWithoutExtension() {
        assertEquals("demo-shop", ServiceName.derive("/opt/app/demo-shop.jar --traffic"));
    }

    @Test
    void simpleNameOfMainClass() {
        assertEquals("PetClinicApplication", ServiceName.derive("org.springframework.samples.PetClinicApplication --debug"));
    }

    @Test
    void fallbackWhenUnknown() {
        assertEquals("jvm-service", ServiceName.derive(null));
        assertEquals("jvm-service", ServiceName.derive("  "));
    }

    @Test
    void tomcatWithOneApplicationIsNamedAfterIt() throws IOException {
        Path base = Files.createDirectories(dir.resolve("tomcat-shop"));
        Files.createDirectories(base.resolve("webapps/manager"));
        Files.createDirectories(base.resolve("webapps/ROOT"));
        Files.createFile(base.resolve("webapps/shop.war"));
        Files.createDirectories(base.resolve("webapps/shop")); // unpacked from shop.war: the same application
        assertEquals("shop", ServiceName.derive(TOMCAT, Map.of("catalina.base", base.toString())::get));
    }

    @Test
    void tomcatContextDescriptorCountsAsAnApplication() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(base.resolve("webapps/docs"));
        Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        Files.createFile(base.resolve("conf/Catalina/localhost/billing#v2.xml"));
        assertEquals("billing/v2", ServiceName.derive(TOMCAT, Map.of("catalina.base", base.toString())::get));
    }

    @Test
    void tomcatWithSeveralOrNoApplicationsIsNamedAfterItsBase() throws IOException {
        Path base = Files.createDirectories(dir.resolve("tomcat-prod"));
        Files.createDirectories(base.resolve("webapps/ROOT"));
        assertEquals("tomcat-prod", ServiceName.derive(TOMCAT, Map.of("catalina.base", base.toString())::get));
        Files.createFile(base.resolve("webapps/a.war"));
        Files.createFile(base.resolve("webapps/b.war"));
        assertEquals("tomcat-prod", ServiceName.derive(TOMCAT, Map.of("catalina.base", base.toString())::get));
    }

    @Test
    void wildFlyWithOneDeploymentIsNamedAfterIt() throws IOException {
        Path home = Files.createDirectories(dir.resolve("wildfly-38.0.1.Final"));
        Path base = Files.createDirectories(home.resolve("standalone/deployments"));
        Files.createFile(base.resolve("orders.war"));
        Files.createFile(base.resolve("orders.war.deployed"));
        Map<String, String> props = Map.of("jboss.home.dir", home.toString(), "jboss.server.base.dir", home.resolve("standalone").toString());
        assertEquals("orders", ServiceName.derive(WILDFLY, props::get));
        Files.createFile(base.resolve("billing.ear"));
        assertEquals("wildfly-38.0.1.Final", ServiceName.derive(WILDFLY, props::get), "several: the installation's name");
    }

    @Test
    void launchersWithoutTheirPropertiesFallBackToTheCommand() {
        assertEquals("Bootstrap", ServiceName.derive(TOMCAT, key -> null));
        assertEquals("jboss-modules", ServiceName.derive(WILDFLY, key -> null));
    }
}
