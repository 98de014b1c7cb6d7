package dev.vitals.agent.services;

import dev.vitals.bootstrap.Vitals;
import dev.vitals.bootstrap.http.AsyncClientCall;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CancellationException;

/**
 * One Apache HttpClient 5 async call, followed through the {@code FutureCallback} the client completes: the
 * advice on the client's {@code doExecute} passes the client a proxy of the application's own
 * {@code FutureCallback} interface whose handler is this object. It records the call when the client calls
 * {@code completed}, {@code failed} or {@code cancelled}, then forwards the call to the application's callback.
 *
 * <p>A proxy, because a class of ours implementing {@code FutureCallback} would have to be defined in the
 * application's class loader (see {@code AsyncRecording} for the servlet listener, same reason). The Apache
 * types (the response, the request producer) are reached by reflection, resolved once per class: agent classes
 * cannot link against the application's copy of the library.
 *
 * <p>Thread-safety: the client calls the callback once, on its I/O thread; {@link AsyncClientCall#end()} makes
 * recording happen at most once anyway.
 */
final class ApacheAsyncCall extends AsyncClientCall implements InvocationHandler {
    private static final String HTTP_RESPONSE = "org.apache.hc.core5.http.HttpResponse";
    private static final String MESSAGE = "org.apache.hc.core5.http.Message";
    private static final String BASIC_REQUEST_PRODUCER = "org.apache.hc.core5.http.nio.support.BasicRequestProducer";
    /** Cancellation has no exception of its own; one shared instance gives it an error type. */
    private static final CancellationException CANCELLED = new CancellationException("cancelled");

    /** Per callback interface, the array that {@code Proxy.newProxyInstance} takes, so a call does not build one. */
    private static final ClassValue<Class<?>[]> INTERFACES = new ClassValue<Class<?>[]>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
            return new Class<?>[]{type};
        }
    };
    /** {@code getCode()} of the library's {@code HttpResponse}, for a class implementing it; else null. */
    private static final ClassValue<Method> GET_CODE = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return method(type, HTTP_RESPONSE, "getCode");
        }
    };
    /** {@code getHead()} of the library's {@code Message} (what {@code BasicResponseConsumer} produces); else null. */
    private static final ClassValue<Method> GET_HEAD = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return method(type, MESSAGE, "getHead");
        }
    };
    /** The private {@code request} field of {@code BasicRequestProducer}, for a class extending it; else null. */
    private static final ClassValue<Field> REQUEST = new ClassValue<Field>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(BASIC_REQUEST_PRODUCER)) {
                    try {
                        Field f = c.getDeclaredField("request");
                        f.setAccessible(true);
                        return f;
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };

    private final OutboundRecorder recorder;
    private final Object delegate;
    private final String method;
    private final String host;
    private final int port;

    private ApacheAsyncCall(OutboundRecorder recorder, Object delegate, String method, String host, int port,
                            long startNanos) {
        super(startNanos);
        this.recorder = recorder;
        this.delegate = delegate;
        this.method = method;
        this.host = host;
        this.port = port;
    }

    /** A {@code callbackType} proxy that records the call and forwards to {@code callback} (which may be null). */
    static Object track(Class<?> callbackType, Object callback, OutboundRecorder recorder, String method, String host,
                        int port, long startNanos) {
        ApacheAsyncCall call = new ApacheAsyncCall(recorder, callback, method, host, port, startNanos);
        return Proxy.newProxyInstance(callbackType.getClassLoader(), INTERFACES.get(callbackType), call);
    }

    /** The call behind a proxy that {@link #track} made, else null. */
    static ApacheAsyncCall of(Object tracked) {
        if (tracked == null || !Proxy.isProxyClass(tracked.getClass())) {
            return null;
        }
        InvocationHandler h = Proxy.getInvocationHandler(tracked);
        return h instanceof ApacheAsyncCall ? (ApacheAsyncCall) h : null;
    }

    /** The request a {@code BasicRequestProducer} holds, else null. */
    static Object producerRequest(Object producer) {
        Field f = producer == null ? null : REQUEST.get(producer.getClass());
        if (f == null) {
            return null;
        }
        try {
            return f.get(producer);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Records the call as ended now, unless it already was. */
    void ended(int status, Throwable error) {
        long nanos = end();
        if (nanos >= 0) {
            recorder.record(method, host, port, status, OutboundRecorder.unwrap(error), nanos);
        }
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            switch (m.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "vitals-tracked " + delegate;
            }
        }
        Object arg = args == null || args.length == 0 ? null : args[0];
        try {
            switch (m.getName()) {
                case "completed":
                    ended(status(arg), null);
                    break;
                case "failed":
                    ended(0, arg instanceof Throwable ? (Throwable) arg : null);
                    break;
                case "cancelled":
                    ended(0, CANCELLED);
                    break;
                default:
                    break;
            }
        } catch (Throwable t) {
            Vitals.reportFailure("httpclient", t);
        }
        if (delegate == null) {
            return null;
        }
        try {
            return m.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The status of what the response consumer produced: an {@code HttpResponse}, a {@code Message}, else 0. */
    static int status(Object result) throws ReflectiveOperationException {
        if (result == null) {
            return 0;
        }
        Method head = GET_HEAD.get(result.getClass());
        Object response = head != null ? head.invoke(result) : result;
        Method code = response == null ? null : GET_CODE.get(response.getClass());
        return code == null ? 0 : (Integer) code.invoke(response);
    }

    /** {@code name} of the interface {@code ifaceName} as {@code type}'s class loader sees it, if type implements it. */
    private static Method method(Class<?> type, String ifaceName, String name) {
        try {
            Class<?> iface = Class.forName(ifaceName, false, type.getClassLoader());
            return iface.isAssignableFrom(type) ? iface.getMethod(name) : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
