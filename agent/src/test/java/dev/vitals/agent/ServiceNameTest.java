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
    void pathsWithSpaces() throws IOException {
        assertEquals("shop", ServiceName.derive("/opt/my apps/shop.jar --port 80"));
        assertEquals("shop", ServiceName.derive("/opt/my apps/shop.jar"));
        assertEquals("shop", ServiceName.derive("/opt/my.jar files/shop.jar --port 80",
                Map.of("java.class.path", "/opt/my.jar files/shop.jar")::get), "the class path of -jar says where it ends");
        assertEquals("Main", ServiceName.derive("com.example.Main --file /tmp/a b.jar"));
        Path home = Files.createDirectories(dir.resolve("wild fly"));
        Files.createFile(Files.createDirectories(home.resolve("standalone/deployments")).resolve("orders.war"));
        assertEquals("orders", ServiceName.derive(home.resolve("jboss-modules.jar") + " -mp " + home.resolve("modules")
                + " org.jboss.as.standalone -Djboss.home.dir=" + home + " -Djboss.server.base.dir=" + home.resolve("standalone"),
                key -> null));
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
    void wildFlyDirectoriesAreReadFromTheArgumentsThatStandaloneShPasses() throws IOException {
        Path home = Files.createDirectories(dir.resolve("wildfly-38.0.1.Final"));
        Path deployments = Files.createDirectories(home.resolve("standalone/deployments"));
        Files.createFile(deployments.resolve("README.txt"));
        Files.createFile(deployments.resolve("shop.war"));
        Files.createFile(deployments.resolve("shop.war.dodeploy"));
        Files.createFile(deployments.resolve("shop.war.deployed"));
        String command = home.resolve("jboss-modules.jar") + " -mp " + home.resolve("modules") + " org.jboss.as.standalone"
                + " -Djboss.home.dir=" + home + " -Djboss.server.base.dir=" + home.resolve("standalone");
        assertEquals("shop", ServiceName.derive(command, key -> null));
        Files.createDirectories(deployments.resolve("billing.ear")); // exploded
        assertEquals("wildfly-38.0.1.Final", ServiceName.derive(command, key -> null), "several: the installation's name");
    }

    @Test
    void wildFlyArgumentsThroughTheMainClassAndDefaultBase() throws IOException {
        Path home = Files.createDirectories(dir.resolve("wf"));
        Files.createFile(Files.createDirectories(home.resolve("standalone/deployments")).resolve("orders.war"));
        String command = "org.jboss.modules.Main -mp modules org.jboss.as.standalone -Djboss.home.dir=" + home;
        assertEquals("orders", ServiceName.derive(command, key -> null), "base defaults to <home>/standalone");
    }

    @Test
    void wildFlyWithoutDeploymentsIsNamedAfterTheInstallationOrElseTheBase() throws IOException {
        Path home = Files.createDirectories(dir.resolve("wildfly-prod"));
        Path base = Files.createDirectories(dir.resolve("node-a"));
        assertEquals("wildfly-prod", ServiceName.derive(WILDFLY + " -Djboss.home.dir=" + home
                + " -Djboss.server.base.dir=" + base, key -> null));
        assertEquals("node-a", ServiceName.derive(WILDFLY + " -Djboss.server.base.dir=" + base, key -> null));
    }

    @Test
    void wildFlySystemPropertiesWinOverArguments() throws IOException {
        Path home = Files.createDirectories(dir.resolve("from-property"));
        Path other = Files.createDirectories(dir.resolve("from-argument"));
        assertEquals("from-property", ServiceName.derive(WILDFLY + " -Djboss.home.dir=" + other,
                Map.of("jboss.home.dir", home.toString())::get));
        assertEquals("from-argument", ServiceName.derive(WILDFLY + " -Djboss.home.dir=" + home + " -Djboss.home.dir=" + other,
                key -> null), "the last of repeated arguments, as for the server");
    }

    @Test
    void launchersWithoutTheirPropertiesFallBackToTheCommand() {
        assertEquals("Bootstrap", ServiceName.derive(TOMCAT, key -> null));
        assertEquals("jboss-modules", ServiceName.derive(WILDFLY, key -> null));
    }
}
