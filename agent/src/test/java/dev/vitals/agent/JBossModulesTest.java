package dev.vitals.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JBossModulesTest {
    private static final String PKG = "dev.vitals.bootstrap";

    @Test
    void namesTheBootstrapPackageItDoesNotLoad() {
        assertEquals(dev.vitals.bootstrap.Vitals.class.getPackageName(), JBossModules.BOOTSTRAP_PACKAGE);
    }

    @Test
    void keepsWildFlysOwnValue() {
        assertEquals("org.jboss.byteman,dev.vitals.bootstrap", JBossModules.withPackage("org.jboss.byteman", PKG));
        assertEquals(PKG, JBossModules.withPackage(null, PKG));
        assertEquals(PKG, JBossModules.withPackage(" ", PKG));
    }

    @Test
    void anEntryCoversItsSubpackagesAsJBossModulesMatchesThem() {
        assertTrue(JBossModules.lists("org.jboss.byteman, dev.vitals", PKG));
        assertTrue(JBossModules.lists("dev.vitals.bootstrap", PKG));
        assertFalse(JBossModules.lists("dev.vital", PKG));
        assertFalse(JBossModules.lists("org.jboss.byteman,,", PKG));
        assertFalse(JBossModules.lists(null, PKG));
    }
}
