package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.ServerHooks;
import net.bytebuddy.asm.Advice;

/**
 * Advice on Undertow's {@code HttpServerExchange.setInCall(boolean)}, which only {@code Connectors.executeRootHandler}
 * calls: {@code true} just before the root handler runs, {@code false} just after it returns and before a
 * dispatch is handed over. It records the requests that no servlet handled (Undertow handlers such as WildFly's
 * welcome content, servlet security's 401s). A call that dispatched the exchange to another thread records
 * nothing (the dispatched call does), and a request that servlet advice took charge of is recorded there, so
 * each request is counted once.
 *
 * <p>Reads private fields rather than calling Undertow, because the agent's own Undertow is relocated and advice
 * may not name the application's: {@code state} holds the flags (dispatched is {@code 1 << 15}) and the status
 * code (low 10 bits) in Undertow 1.4 to 2.3. The path is Undertow's own string; nothing is allocated.
 * Suppresses every {@code Throwable}.
 */
public final class UndertowExchangeAdvice {
    /** {@code HttpServerExchange.FLAG_DISPATCHED}. */
    public static final int DISPATCHED = 1 << 15;
    /** {@code HttpServerExchange.MASK_RESPONSE_CODE}. */
    public static final int STATUS_MASK = (1 << 10) - 1;

    private UndertowExchangeAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) boolean inCall, @Advice.FieldValue("state") int state,
                            @Advice.FieldValue("requestMethod") Object method,
                            @Advice.FieldValue("requestPath") String path) {
        RequestScope scope = RequestScope.current();
        if (inCall) {
            scope.containerBegin(true); // an async timeout's 500 comes in a root call of its own
            return;
        }
        long start = scope.containerEnd();
        if (start == 0L || (state & DISPATCHED) != 0) {
            return;
        }
        ServerHooks.recorder().endUnhandled(String.valueOf(method), null, path, state & STATUS_MASK, start);
    }
}
