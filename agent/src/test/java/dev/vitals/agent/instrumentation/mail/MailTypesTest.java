package dev.vitals.agent.instrumentation.mail;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mail module's type matchers on Angus Mail 2, Jakarta Mail 2.1 and JavaMail 1.6's real classes. */
class MailTypesTest {
    private final InstalledTypeMatchers mail = InstalledTypeMatchers.of(new MailInstrumentation());

    @Test
    void acceptsTheSmtpTransportsAndBothTransportApis() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("angus-mail-", "jakarta.mail-api-", "javax.mail-")) {
            assertTrue(lib.matches(mail, "org.eclipse.angus.mail.smtp.SMTPTransport"));
            assertTrue(lib.matches(mail, "org.eclipse.angus.mail.smtp.SMTPSSLTransport"));
            assertTrue(lib.matches(mail, "com.sun.mail.smtp.SMTPTransport"));
            assertTrue(lib.matches(mail, "com.sun.mail.smtp.SMTPSSLTransport"));
            assertTrue(lib.matches(mail, "jakarta.mail.Transport"), "its static send");
            assertTrue(lib.matches(mail, "javax.mail.Transport"));
        }
    }

    @Test
    void rejectsOtherMailClasses() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("angus-mail-", "jakarta.mail-api-", "javax.mail-")) {
            assertFalse(lib.matches(mail, "org.eclipse.angus.mail.smtp.SMTPMessage"), "a message, in the same package");
            assertFalse(lib.matches(mail, "com.sun.mail.smtp.SMTPMessage"));
            assertFalse(lib.matches(mail, "org.eclipse.angus.mail.imap.IMAPStore"), "reading mail is not sending it");
            assertFalse(lib.matches(mail, "jakarta.mail.Service"), "the Transport's superclass");
            assertFalse(lib.matches(mail, "javax.mail.Message"));
            assertFalse(lib.matches(mail, SMTPTransport.class.getName()), "a namesake in another package");
        }
    }
}

/** A class of the same simple name as the SMTP transports in another package. */
class SMTPTransport {
    void sendMessage(Object message, Object[] addresses) {
    }
}
