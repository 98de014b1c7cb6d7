package dev.vitals.bootstrap.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Records a request that Jetty 12's core handlers answered without a servlet (a handler's own answer, a 404 when no
 * handler took the request). Jetty 12's {@code Request} and {@code Response} are interfaces where Jetty 9.4-11 had
 * classes of the same names, so advice compiled once cannot call them directly; this class calls them through
 * method handles found once per implementing class, typed so that {@code invokeExact} neither boxes nor allocates.
 *
 * <p>Only reached for requests no servlet handled. A class whose Jetty interfaces cannot be found records nothing.
 */
public final class JettyCoreRequests {
    private static final String REQUEST = "org.eclipse.jetty.server.Request";
    private static final String RESPONSE = "org.eclipse.jetty.server.Response";
    private static final String HTTP_URI = "org.eclipse.jetty.http.HttpURI";
    private static final MethodType OBJECT_TO_STRING = MethodType.methodType(String.class, Object.class);
    private static final MethodType OBJECT_TO_INT = MethodType.methodType(int.class, Object.class);

    /** Per request class: its method, as {@code (Object)String}; null when not a Jetty 12 request. */
    private static final ClassValue<MethodHandle> METHOD = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Class<?> request = interfaceNamed(type, REQUEST);
            return request == null ? null : find(request, "getMethod", String.class, OBJECT_TO_STRING);
        }
    };

    /** Per request class: {@code getHttpURI().getPath()}, as {@code (Object)String}; null when not found. */
    private static final ClassValue<MethodHandle> PATH = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Class<?> request = interfaceNamed(type, REQUEST);
            if (request == null) {
                return null;
            }
            try {
                Method getHttpUri = request.getMethod("getHttpURI");
                Class<?> uriType = getHttpUri.getReturnType();
                if (!uriType.getName().equals(HTTP_URI)) {
                    return null;
                }
                MethodHandle uri = MethodHandles.publicLookup().unreflect(getHttpUri);
                MethodHandle path = MethodHandles.publicLookup().findVirtual(uriType, "getPath",
                        MethodType.methodType(String.class));
                return MethodHandles.filterReturnValue(uri, path).asType(OBJECT_TO_STRING);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    };

    /** Per response class: its status, as {@code (Object)int}; null when not a Jetty 12 response. */
    private static final ClassValue<MethodHandle> STATUS = new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            Class<?> response = interfaceNamed(type, RESPONSE);
            return response == null ? null : find(response, "getStatus", int.class, OBJECT_TO_INT);
        }
    };

    private JettyCoreRequests() {
    }

    /**
     * Records the request, called on the exit of {@code Server.handle(Request, Response, Callback)} when no servlet
     * handled it. {@code handled == false} means no handler took it: Jetty then answers 404.
     */
    public static void recordUnhandled(Object request, Object response, boolean handled, Throwable thrown, long startNanos) {
        try {
            MethodHandle method = METHOD.get(request.getClass());
            MethodHandle path = PATH.get(request.getClass());
            MethodHandle status = STATUS.get(response.getClass());
            if (method == null || path == null || status == null) {
                return;
            }
            int code = thrown != null ? 500 : !handled ? 404 : (int) status.invokeExact(response);
            ServerHooks.recorder().endUnhandled((String) method.invokeExact(request), null,
                    (String) path.invokeExact(request), code == 0 ? 200 : code, startNanos);
        } catch (Throwable t) {
            // Never fails a request; a request that cannot be read is not recorded.
        }
    }

    private static MethodHandle find(Class<?> owner, String name, Class<?> returns, MethodType as) {
        try {
            return MethodHandles.publicLookup().findVirtual(owner, name, MethodType.methodType(returns)).asType(as);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The interface of that name that {@code type} implements, directly or through a supertype; null when none. */
    static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Class<?> found = inInterfaces(c, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Class<?> inInterfaces(Class<?> type, String name) {
        for (Class<?> i : type.getInterfaces()) {
            if (i.getName().equals(name)) {
                return i;
            }
            Class<?> found = inInterfaces(i, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
