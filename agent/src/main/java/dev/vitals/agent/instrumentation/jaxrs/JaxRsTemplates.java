package dev.vitals.agent.instrumentation.jaxrs;

import dev.vitals.agent.instrumentation.TypeHierarchy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;


/**
 * The route template of a JAX-RS resource method, read from its annotations when the class is transformed:
 * the class's {@code @Path} joined with the method's, as in {@code /owners/{ownerId}}. Works on Byte Buddy
 * descriptions, so nothing is loaded; {@code javax.ws.rs} and {@code jakarta.ws.rs} alike.
 *
 * <p>JAX-RS lets the annotations sit on an interface or superclass method that the resource class implements;
 * the hierarchy is searched for the first declaration that carries them. Sub-resource methods (reached through a
 * locator, so without a class-level {@code @Path} of their own) have no template here: their requests keep the
 * normalised path.
 */
final class JaxRsTemplates {
    static final String[] APIS = {"javax.ws.rs.", "jakarta.ws.rs."};
    private static final String[] HTTP_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};

    private JaxRsTemplates() {
    }

    /** The method's full template, or null when it is no resource method of a root resource class. */
    static String template(MethodDescription method) {
        if (method.isStatic() || method.isConstructor() || method.isTypeInitializer()) {
            return null;
        }
        TypeDescription declaring = method.getDeclaringType().asErasure();
        MethodDescription.SignatureToken signature = method.asSignatureToken();
        String[] found = TypeHierarchy.find(declaring, type -> {
            for (MethodDescription.InDefinedShape candidate : type.getDeclaredMethods()) {
                if (candidate.asSignatureToken().equals(signature) && isResourceMethod(candidate.getDeclaredAnnotations())) {
                    String classPath = path(declaring.getDeclaredAnnotations());
                    String methodPath = path(candidate.getDeclaredAnnotations());
                    return new String[] {classPath != null ? classPath : path(type.getDeclaredAnnotations()),
                            methodPath == null ? "" : methodPath};
                }
            }
            return null;
        });
        // No class-level @Path: a sub-resource, whose full route depends on its locator.
        return found == null || found[0] == null ? null : join(found[0], found[1]);
    }

    /** Whether the annotations hold an HTTP method designator ({@code @GET}, or any annotation meta-annotated {@code @HttpMethod}). */
    static boolean isResourceMethod(AnnotationList annotations) {
        for (AnnotationDescription a : annotations) {
            String name = a.getAnnotationType().getName();
            for (String api : APIS) {
                if (name.startsWith(api)) {
                    for (String m : HTTP_METHODS) {
                        if (name.length() == api.length() + m.length() && name.endsWith(m)) {
                            return true;
                        }
                    }
                }
            }
            try {
                for (AnnotationDescription meta : a.getAnnotationType().getDeclaredAnnotations()) {
                    String metaName = meta.getAnnotationType().getName();
                    if (metaName.equals("javax.ws.rs.HttpMethod") || metaName.equals("jakarta.ws.rs.HttpMethod")) {
                        return true;
                    }
                }
            } catch (RuntimeException unresolvable) {
                // An annotation type missing from the class path is not an HTTP method designator we can see.
            }
        }
        return false;
    }

    /** The value of a {@code @Path} among the annotations, or null. */
    static String path(AnnotationList annotations) {
        for (AnnotationDescription a : annotations) {
            String name = a.getAnnotationType().getName();
            if (name.equals("javax.ws.rs.Path") || name.equals("jakarta.ws.rs.Path")) {
                return a.getValue("value").resolve(String.class);
            }
        }
        return null;
    }

    /**
     * Joins two {@code @Path} values into one template with single slashes, a leading slash and no trailing one,
     * and drops parameter regular expressions ({@code {id: [0-9]+}} becomes {@code {id}}).
     */
    static String join(String classPath, String methodPath) {
        StringBuilder out = new StringBuilder();
        appendSegments(out, classPath);
        appendSegments(out, methodPath);
        return out.length() == 0 ? "/" : out.toString();
    }

    private static void appendSegments(StringBuilder out, String path) {
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '/') {
                i++;
                continue;
            }
            out.append('/');
            while (i < path.length() && path.charAt(i) != '/') {
                char d = path.charAt(i);
                if (d == '{') {
                    int close = matchingBrace(path, i);
                    String inside = path.substring(i + 1, close);
                    int colon = inside.indexOf(':');
                    out.append('{').append((colon < 0 ? inside : inside.substring(0, colon)).trim()).append('}');
                    i = close + 1;
                } else {
                    out.append(d);
                    i++;
                }
            }
        }
    }

    /** The index of the brace closing the one at {@code open}; regular expressions may nest braces. */
    private static int matchingBrace(String path, int open) {
        int depth = 0;
        for (int i = open; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return path.length() - 1;
    }
}
