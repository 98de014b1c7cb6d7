package dev.vitals.bootstrap.servlet;

import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.Vitals;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One asynchronous request in flight: what its first dispatch saw, and the handler of the
 * {@code AsyncListener} proxy that advice registers on its {@code AsyncContext}.
 *
 * <p>A {@link java.lang.reflect.Proxy} is used because an {@code AsyncListener} class of ours would have to
 * be defined in every web application's class loader; a proxy of the application's own interface needs no
 * such injection. The status is read through the application's {@code HttpServletResponse} interface,
 * resolved once per servlet API copy.
 *
 * <p>Thread-safety: the container calls the listener from any thread; {@link #finish} records exactly once.
 * The container's response object is held only as long as the container holds this listener.
 */
public final class AsyncRecording implements InvocationHandler {
    private static final AtomicIntegerFieldUpdater<AsyncRecording> DONE =
            AtomicIntegerFieldUpdater.newUpdater(AsyncRecording.class, "done");

    /** {@code getStatus()} of the {@code HttpServletResponse} beside each {@code AsyncListener} interface. */
    private static final ClassValue<Method> GET_STATUS = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> listenerType) {
            String pkg = listenerType.getName().substring(0, listenerType.getName().lastIndexOf('.'));
            try {
                // String.concat, not +: bootstrap code avoids invokedynamic (see the package docs).
                return Class.forName(pkg.concat(".http.HttpServletResponse"), false, listenerType.getClassLoader())
                        .getMethod("getStatus");
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    };

    public final String method;
    public final String uri;
    public final String contextPath;
    public final String servletPath;
    public final String pathInfo;
    public final Object route;
    public final String query;
    public final String tenant;
    public final long startNanos;
    private final Object response;

    /** Downstream time spent on the first dispatch's thread (the per-request scope ends with it). */
    public long databaseNanos;
    public long databaseCount;
    public long redisNanos;
    public long redisCount;
    public long httpClientNanos;
    public long httpClientCount;

    private volatile boolean timedOut;
    private volatile boolean failed;
    private volatile int done;

    public AsyncRecording(String method, String uri, String contextPath, String servletPath, String pathInfo,
                          Object route, String query, String tenant, Object response, long startNanos) {
        this.method = method;
        this.uri = uri;
        this.contextPath = contextPath;
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        this.route = route;
        this.query = query;
        this.tenant = tenant;
        this.response = response;
        this.startNanos = startNanos;
    }

    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) {
        try {
            switch (m.getName()) {
                case "onComplete":
                    finish(m.getDeclaringClass());
                    return null;
                case "onTimeout":
                    timedOut = true;
                    RequestScope.current().markAsyncEnded();
                    return null;
                case "onError":
                    failed = true;
                    RequestScope.current().markAsyncEnded();
                    return null;
                case "onStartAsync":
                    reRegister(proxy, m, args);
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return args != null && args.length == 1 && args[0] == proxy;
                case "toString":
                    return "VitalsAsyncListener";
                default:
                    return null;
            }
        } catch (Throwable t) {
            Vitals.reportFailure("servlet", t);
            return null;
        }
    }

    private void finish(Class<?> listenerType) throws ReflectiveOperationException {
        if (!DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        Method getStatus = GET_STATUS.get(listenerType);
        int status = getStatus == null ? 0 : (Integer) getStatus.invoke(response);
        boolean error = failed || timedOut;
        if (error && status < 400) {
            // The container had not applied its error status yet when it completed the request.
            status = 500;
        }
        ServerHooks.recorder().asyncEnded(this, status, error);
    }

    /**
     * A new asynchronous cycle ({@code startAsync} again, e.g. in an async dispatch): containers drop their
     * listeners then, so the listener adds itself to the new {@code AsyncContext}, as the servlet spec asks.
     */
    private static void reRegister(Object proxy, Method onStartAsync, Object[] args) throws ReflectiveOperationException {
        if (args == null || args.length != 1 || args[0] == null) {
            return;
        }
        Object event = args[0];
        Method getAsyncContext = onStartAsync.getParameterTypes()[0].getMethod("getAsyncContext");
        Object asyncContext = getAsyncContext.invoke(event);
        if (asyncContext != null) {
            getAsyncContext.getReturnType().getMethod("addListener", onStartAsync.getDeclaringClass())
                    .invoke(asyncContext, proxy);
        }
    }
}
