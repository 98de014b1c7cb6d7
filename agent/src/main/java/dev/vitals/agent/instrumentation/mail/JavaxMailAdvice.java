package dev.vitals.agent.instrumentation.mail;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.http.ClientHooks;
import net.bytebuddy.asm.Advice;

import javax.mail.Message;
import javax.mail.Service;
import javax.mail.Session;
import javax.mail.URLName;

/**
 * Advice on {@code javax.mail.Transport}: the static {@code send} methods and the transports' {@code sendMessage}
 * (which Spring's mail sender calls directly). Recorded once per send ({@link CallDepth#MAIL}): the static
 * {@code send} connects and then calls {@code sendMessage}, which is skipped. The SMTP host comes from the
 * session's properties or the connected transport; nothing of the message (addresses, subject, body) and no
 * credential is read. Inlined into the mail library: it may reference only the JDK, {@code javax.mail} and
 * {@code dev.vitals.bootstrap}.
 */
public final class JavaxMailAdvice {
    private JavaxMailAdvice() {
    }

    /** Static {@code Transport.send(Message, ...)}. */
    public static final class Send {
        private Send() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CallDepth.enterTimed(CallDepth.MAIL);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.Argument(0) Message message, @Advice.Enter long start,
                                @Advice.Thrown Throwable thrown) {
            CallDepth.exit(CallDepth.MAIL);
            if (start == 0L) {
                return;
            }
            Session session = message == null ? null : message.getSession();
            ClientHooks.recorder().mailSent(session == null ? null : session.getProperties(), thrown, start);
        }
    }

    /** {@code sendMessage(Message, Address[])} of a connected transport. */
    public static final class SendMessage {
        private SendMessage() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return CallDepth.enterTimed(CallDepth.MAIL);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void exit(@Advice.This Service transport, @Advice.Enter long start, @Advice.Thrown Throwable thrown) {
            CallDepth.exit(CallDepth.MAIL);
            if (start == 0L) {
                return;
            }
            URLName url = transport.getURLName();
            ClientHooks.recorder().mailEnd(url == null ? null : url.getHost(), url == null ? -1 : url.getPort(), thrown, start);
        }
    }
}
