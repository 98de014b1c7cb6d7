package dev.vitals.agent.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The enter or the exit method of one of the agent's advice classes, read once from its class file and kept as its
 * instructions, for {@link InliningMethodVisitor} to copy into every method it advises. It supports the shapes this
 * agent's advice uses: {@code @OnMethodEnter} and {@code @OnMethodExit} with {@code suppress} and {@code onThrowable},
 * (and {@code skipOn = OnNonDefaultValue.class}), and parameters bound with {@code @This}, {@code @Argument},
 * {@code @Enter}, {@code @Return}, {@code @Thrown} and {@code @FieldValue}, which may be written only where the
 * annotation says {@code readOnly = false}. Anything else (custom bindings, other {@code skipOn} values,
 * {@code @Local}, invokedynamic) makes {@link #read} give up, and the advice is applied by Byte Buddy's
 * {@code Advice} as before.
 */
final class AdviceMethod {
    /** What an advice parameter is bound to. */
    enum Binding { THIS, ARGUMENT, ENTER, RETURN, THROWN, FIELD }

    /** One parameter of the advice method: its binding and where it lives in the advice method's frame. */
    static final class Parameter {
        final Type type;
        final int slot;
        Binding binding;
        int index;
        String field;
        boolean writable;

        Parameter(Type type, int slot) {
            this.type = type;
            this.slot = slot;
        }
    }

    /** One recorded instruction (or label, or frame) of the advice method; labels are indices into {@link #labels}. */
    static final class Insn {
        static final int INSN = 0, INT = 1, VAR = 2, TYPE = 3, FIELD = 4, METHOD = 5, JUMP = 6, LABEL = 7, LDC = 8,
                IINC = 9, TABLE = 10, LOOKUP = 11, MULTI = 12, FRAME = 13;
        final int kind;
        final int opcode;
        final int operand;
        final Object a;
        final Object b;
        final Object c;
        final boolean itf;
        final int[] labels;
        final int[] keys;
        final Object[] locals;
        final Object[] stack;

        Insn(int kind, int opcode, int operand, Object a, Object b, Object c, boolean itf, int[] labels, int[] keys,
             Object[] locals, Object[] stack) {
            this.kind = kind;
            this.opcode = opcode;
            this.operand = operand;
            this.a = a;
            this.b = b;
            this.c = c;
            this.itf = itf;
            this.labels = labels;
            this.keys = keys;
            this.locals = locals;
            this.stack = stack;
        }
    }

    /** A try-catch block of the advice method. */
    static final class TryCatch {
        final int start;
        final int end;
        final int handler;
        final String type;

        TryCatch(int start, int end, int handler, String type) {
            this.start = start;
            this.end = end;
            this.handler = handler;
            this.type = type;
        }
    }

    /** An uninitialized value's label in a recorded frame, resolved per copy. */
    static final class LabelRef {
        final int label;

        LabelRef(int label) {
            this.label = label;
        }
    }

    private static final String ENTER = Type.getDescriptor(Advice.OnMethodEnter.class);
    private static final String ON_NON_DEFAULT_VALUE = Type.getDescriptor(Advice.OnNonDefaultValue.class);
    private static final String EXIT = Type.getDescriptor(Advice.OnMethodExit.class);
    private static final Map<String, Binding> BINDINGS = new HashMap<>();

    static {
        BINDINGS.put(Type.getDescriptor(Advice.This.class), Binding.THIS);
        BINDINGS.put(Type.getDescriptor(Advice.Argument.class), Binding.ARGUMENT);
        BINDINGS.put(Type.getDescriptor(Advice.Enter.class), Binding.ENTER);
        BINDINGS.put(Type.getDescriptor(Advice.Return.class), Binding.RETURN);
        BINDINGS.put(Type.getDescriptor(Advice.Thrown.class), Binding.THROWN);
        BINDINGS.put(Type.getDescriptor(Advice.FieldValue.class), Binding.FIELD);
    }

    final boolean enter;
    final Type returnType;
    final Parameter[] parameters;
    /** The parameter in each slot of the advice method's parameters (a long's second slot holds it too). */
    final Parameter[] bySlot;
    final int parameterSlots;
    /** Exceptions thrown by the advice that are dropped (internal name), or null: they propagate. */
    String suppress;
    /** Exit advice: the exceptions of the advised method it also runs on (internal name), or null: only on return. */
    String onThrowable;
    /** Enter advice: whether the method's own code is skipped when the advice returns other than 0, false or null. */
    boolean skipOnNonDefault;
    /** Exit advice: whether it reads the arguments as they were after the enter advice, not as the method left them. */
    boolean backupArguments = true;
    final List<Insn> code = new ArrayList<>();
    final List<TryCatch> tryCatches = new ArrayList<>();
    int labelCount;
    int maxStack;
    int maxLocals;
    /** Why this advice cannot be inlined here, or null. */
    String unsupported;

    private AdviceMethod(boolean enter, String descriptor) {
        this.enter = enter;
        this.returnType = Type.getReturnType(descriptor);
        Type[] types = Type.getArgumentTypes(descriptor);
        parameters = new Parameter[types.length];
        int slot = 0;
        for (int i = 0; i < types.length; i++) {
            parameters[i] = new Parameter(types[i], slot);
            slot += types[i].getSize();
        }
        parameterSlots = slot;
        bySlot = new Parameter[slot];
        for (Parameter p : parameters) {
            for (int s = 0; s < p.type.getSize(); s++) {
                bySlot[p.slot + s] = p;
            }
        }
    }

    /** The enter and the exit method of the advice class in {@code classFile} (either may be null). */
    static AdviceMethod[] read(byte[] classFile) {
        AdviceMethod[] found = new AdviceMethod[2];
        OpenedClassReader.of(classFile).accept(new AdviceReader(found), ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
        for (AdviceMethod method : found) {
            if (method != null) {
                method.check();
            }
        }
        return found;
    }

    private void unsupported(String why) {
        if (unsupported == null) {
            unsupported = why;
        }
    }

    /** After reading: every parameter bound, written only where allowed. */
    private void check() {
        for (Parameter p : parameters) {
            if (p.binding == null) {
                unsupported("a parameter without a supported binding");
            } else if (enter && (p.binding == Binding.RETURN || p.binding == Binding.THROWN
                    || p.binding == Binding.ENTER)) {
                unsupported("enter advice bound to " + p.binding);
            } else if (p.binding == Binding.THROWN && onThrowable == null) {
                unsupported("@Thrown without onThrowable");
            } else if (p.writable && p.binding != Binding.ARGUMENT && p.binding != Binding.RETURN) {
                unsupported("a written " + p.binding);
            }
        }
        if (!enter && returnType.getSort() != Type.VOID) {
            unsupported("exit advice that returns a value");
        }
        if (skipOnNonDefault && returnType.getSort() == Type.VOID) {
            unsupported("skipOn on enter advice that returns nothing");
        }
    }

    /** Hands each static method of an advice class to a {@link Recorder}. */
    private static final class AdviceReader extends ClassVisitor {
        private final AdviceMethod[] found;

        AdviceReader(AdviceMethod[] found) {
            super(OpenedClassReader.ASM_API);
            this.found = found;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if ((access & Opcodes.ACC_STATIC) == 0) {
                return null;
            }
            return new Recorder(descriptor, found);
        }
    }

    /** Records an advice method's annotations and code. */
    private static final class Recorder extends MethodVisitor {
        private final String descriptor;
        private final AdviceMethod[] found;
        private final Map<Label, Integer> labels = new HashMap<>();
        private AdviceMethod method;

        Recorder(String descriptor, AdviceMethod[] found) {
            super(OpenedClassReader.ASM_API);
            this.descriptor = descriptor;
            this.found = found;
        }

        private int label(Label label) {
            Integer index = labels.get(label);
            if (index == null) {
                index = labels.size();
                labels.put(label, index);
            }
            return index;
        }

        private void add(int kind, int opcode, int operand, Object a, Object b, Object c) {
            if (method != null) {
                method.code.add(new Insn(kind, opcode, operand, a, b, c, false, null, null, null, null));
            }
        }

        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            boolean isEnter = ENTER.equals(annotation);
            if (!isEnter && !EXIT.equals(annotation)) {
                return null;
            }
            AdviceMethod advice = new AdviceMethod(isEnter, descriptor);
            method = advice;
            found[isEnter ? 0 : 1] = advice;
            return new AnnotationVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visit(String name, Object value) {
                    switch (name) {
                        case "suppress":
                            advice.suppress = ((Type) value).getInternalName();
                            break;
                        case "onThrowable":
                            advice.onThrowable = ((Type) value).getInternalName();
                            break;
                        case "backupArguments":
                            advice.backupArguments = (Boolean) value;
                            break;
                        case "prependLineNumber":
                            break;
                        case "skipOn":
                            if (ON_NON_DEFAULT_VALUE.equals(((Type) value).getDescriptor())) {
                                advice.skipOnNonDefault = true;
                            } else {
                                advice.unsupported("skipOn " + value);
                            }
                            break;
                        case "inline":
                            if (!(Boolean) value) {
                                advice.unsupported("inline = false");
                            }
                            break;
                        default:
                            advice.unsupported("advice attribute " + name);
                    }
                }
            };
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
            if (method == null) {
                return null; // annotations come before the code: a method that is not advice has none of these
            }
            AdviceMethod advice = method;
            Binding binding = BINDINGS.get(annotation);
            if (binding == null || parameter >= advice.parameters.length) {
                advice.unsupported("parameter annotation " + annotation);
                return null;
            }
            Parameter p = advice.parameters[parameter];
            if (p.binding != null) {
                advice.unsupported("two bindings on one parameter");
            }
            p.binding = binding;
            return new AnnotationVisitor(OpenedClassReader.ASM_API) {
                @Override
                public void visit(String name, Object value) {
                    if ("value".equals(name) && value instanceof Integer) {
                        p.index = (Integer) value;
                    } else if ("value".equals(name) && value instanceof String) {
                        p.field = (String) value;
                    } else if ("readOnly".equals(name)) {
                        p.writable = !(Boolean) value;
                    } else if (!("declaringType".equals(name) && value instanceof Type
                            && ((Type) value).getSort() == Type.VOID)) {
                        advice.unsupported("binding attribute " + name);
                    }
                }

                @Override
                public void visitEnum(String name, String descriptor, String value) {
                    // typing: the copy casts a reference wherever the types differ, as dynamic typing would
                    if (!"typing".equals(name)) {
                        advice.unsupported("binding attribute " + name);
                    }
                }
            };
        }

        @Override
        public void visitInsn(int opcode) {
            add(Insn.INSN, opcode, 0, null, null, null);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            add(Insn.INT, opcode, operand, null, null, null);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            if (method != null && var < method.parameterSlots && opcode >= Opcodes.ISTORE
                    && !method.bySlot[var].writable) {
                method.unsupported("writes a read-only parameter");
            }
            add(Insn.VAR, opcode, var, null, null, null);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            add(Insn.TYPE, opcode, 0, type, null, null);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            add(Insn.FIELD, opcode, 0, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (method != null) {
                method.code.add(new Insn(Insn.METHOD, opcode, 0, owner, name, descriptor, isInterface, null, null,
                        null, null));
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            if (method != null) {
                method.unsupported("invokedynamic"); // a lambda's body stays in the advice class
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (method != null) {
                if (opcode == Opcodes.JSR) {
                    method.unsupported("jsr");
                }
                method.code.add(new Insn(Insn.JUMP, opcode, 0, null, null, null, false, new int[] {label(label)},
                        null, null, null));
            }
        }

        @Override
        public void visitLabel(Label label) {
            add(Insn.LABEL, 0, label(label), null, null, null);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof ConstantDynamic || value instanceof Handle) {
                if (method != null) {
                    method.unsupported("a dynamic constant");
                }
            }
            add(Insn.LDC, 0, 0, value, null, null);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            if (method != null && var < method.parameterSlots) {
                method.unsupported("increments a parameter");
            }
            add(Insn.IINC, increment, var, null, null, null);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
            if (method != null) {
                method.code.add(new Insn(Insn.TABLE, min, max, null, null, null, false, labels(dflt, targets), null,
                        null, null));
            }
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
            if (method != null) {
                method.code.add(new Insn(Insn.LOOKUP, 0, 0, null, null, null, false, labels(dflt, targets),
                        keys.clone(), null, null));
            }
        }

        private int[] labels(Label dflt, Label[] targets) {
            int[] all = new int[targets.length + 1];
            all[0] = label(dflt);
            for (int i = 0; i < targets.length; i++) {
                all[i + 1] = label(targets[i]);
            }
            return all;
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            add(Insn.MULTI, 0, dimensions, descriptor, null, null);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (method != null) {
                method.code.add(new Insn(Insn.FRAME, type, 0, null, null, null, false, null, null,
                        frameEntries(numLocal, local), frameEntries(numStack, stack)));
            }
        }

        private Object[] frameEntries(int count, Object[] entries) {
            Object[] copy = new Object[count];
            for (int i = 0; i < count; i++) {
                copy[i] = entries[i] instanceof Label ? new LabelRef(label((Label) entries[i])) : entries[i];
            }
            return copy;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (method != null) {
                method.tryCatches.add(new TryCatch(label(start), label(end), label(handler), type));
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (method != null) {
                method.maxStack = maxStack;
                method.maxLocals = maxLocals;
                method.labelCount = labels.size();
            }
        }
    }
}
