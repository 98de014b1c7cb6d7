package dev.vitals.agent.instrumentation;

import dev.vitals.agent.instrumentation.AdviceMethod.Binding;
import dev.vitals.agent.instrumentation.AdviceMethod.Insn;
import dev.vitals.agent.instrumentation.AdviceMethod.Parameter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies an enter and an exit {@link AdviceMethod} into one method, as Byte Buddy's {@code Advice} inlines them:
 * the enter advice runs first and its return value is kept for the exit advice ({@code @Enter}); every return, and
 * with {@code onThrowable} every exception, leaves through the exit advice; exceptions the advice throws are dropped
 * where it says {@code suppress}. The method's frames must arrive expanded ({@code ClassReader.EXPAND_FRAMES}).
 *
 * <p>Into a constructor only exit advice that does not run on exceptions is copied: the enter advice would run before
 * the object is initialised, and a catch-all around a constructor's code would cover its call to the super constructor.
 *
 * <p>The advice's values live in slots inserted right after the method's parameters: the enter value, the arguments
 * as the exit advice reads them, the return value and the exception. The method's own locals move up by that much,
 * and each of its frames gains those slots, so the exit advice can be reached from any return. The advice's own
 * locals follow the inserted slots: the method's locals are dead before its body and after it.
 */
final class InliningMethodVisitor extends MethodVisitor {
    private final AdviceMethod enter;
    private final AdviceMethod exit;
    private final Map<Parameter, InlineAdvice.FieldRef> fields;
    private final Type[] arguments;
    private final Type returnType;
    private final boolean isStatic;
    private final String owner;
    private final int parameterSlots;
    private final int[] argumentSlot;
    /** Entries of a frame for the parameters, as they are when the method is called. */
    private final Object[] parameterEntries;
    private final Type enterType;
    private final int enterSlot;
    /** The slot of each argument's copy for the exit advice, or -1. */
    private final int[] backupSlot;
    private final int returnSlot;
    private final int thrownSlot;
    /** The number of slots inserted after the parameters. */
    private final int inserted;
    private final Label bodyStart = new Label();
    private final Label bodyEnd = new Label();
    private final Label handler = new Label();
    private final Label exitLabel = new Label();
    private boolean started;

    /**
     * @param fields the field each advice parameter bound with {@code @FieldValue} reads; see {@link InlineAdvice}
     */
    InliningMethodVisitor(MethodVisitor target, String owner, boolean isStatic, String descriptor, AdviceMethod enter,
                          AdviceMethod exit, Map<Parameter, InlineAdvice.FieldRef> fields) {
        super(OpenedClassReader.ASM_API, target);
        this.enter = enter;
        this.exit = exit;
        this.fields = fields;
        this.owner = owner;
        this.isStatic = isStatic;
        this.arguments = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        List<Object> entries = new ArrayList<>();
        int slot = 0;
        if (!isStatic) {
            entries.add(owner);
            slot = 1;
        }
        argumentSlot = new int[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            argumentSlot[i] = slot;
            slot += arguments[i].getSize();
            entries.add(frameEntry(arguments[i]));
        }
        parameterEntries = entries.toArray();
        parameterSlots = slot;
        enterType = enter == null ? Type.VOID_TYPE : enter.returnType;
        enterSlot = slot;
        slot += enterType.getSize();
        backupSlot = new int[arguments.length];
        java.util.Arrays.fill(backupSlot, -1);
        if (exit != null && exit.backupArguments) {
            for (Parameter p : exit.parameters) {
                if (p.binding == Binding.ARGUMENT && backupSlot[p.index] < 0) {
                    backupSlot[p.index] = slot;
                    slot += arguments[p.index].getSize();
                }
            }
        }
        returnSlot = slot;
        if (exit != null) {
            slot += returnType.getSize();
        }
        thrownSlot = slot;
        if (exit != null && exit.onThrowable != null) {
            slot++;
        }
        inserted = slot - parameterSlots;
    }

    // ---- the method's own code: shifted, with the advice around it

    /**
     * At the method's first instruction, after its try-catch blocks (which come before its code): the exit's catch-all
     * is added after them, so it is the outermost. Then the enter advice.
     */
    private void start() {
        if (started) {
            return;
        }
        started = true;
        if (exit != null && exit.onThrowable != null) {
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, exit.onThrowable);
        }
        if (enter != null) {
            copy(enter, slots(false, false, false), slots(true, false, false));
        }
        // The arguments as the exit advice reads them: after the enter advice, which may have replaced one.
        for (int i = 0; i < arguments.length; i++) {
            if (backupSlot[i] >= 0) {
                super.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), argumentSlot[i]);
                super.visitVarInsn(arguments[i].getOpcode(Opcodes.ISTORE), backupSlot[i]);
            }
        }
        if (enter != null && enter.skipOnNonDefault) {
            skipUnlessDefault();
        }
        // A frame of the method's own at its first instruction must not share the offset of the advice's last.
        super.visitInsn(Opcodes.NOP);
        super.visitLabel(bodyStart);
    }

    /**
     * {@code skipOn = OnNonDefaultValue.class}: when the enter value is not 0, false or null, the method's code is
     * skipped and it returns its default value, through the exit advice when there is one.
     */
    private void skipUnlessDefault() {
        Label run = new Label();
        super.visitVarInsn(enterType.getOpcode(Opcodes.ILOAD), enterSlot);
        switch (enterType.getSort()) {
            case Type.LONG:
                super.visitInsn(Opcodes.LCONST_0);
                super.visitInsn(Opcodes.LCMP);
                super.visitJumpInsn(Opcodes.IFEQ, run);
                break;
            case Type.FLOAT:
                super.visitInsn(Opcodes.FCONST_0);
                super.visitInsn(Opcodes.FCMPL);
                super.visitJumpInsn(Opcodes.IFEQ, run);
                break;
            case Type.DOUBLE:
                super.visitInsn(Opcodes.DCONST_0);
                super.visitInsn(Opcodes.DCMPL);
                super.visitJumpInsn(Opcodes.IFEQ, run);
                break;
            case Type.ARRAY:
            case Type.OBJECT:
                super.visitJumpInsn(Opcodes.IFNULL, run);
                break;
            default:
                super.visitJumpInsn(Opcodes.IFEQ, run);
        }
        if (returnType.getSort() != Type.VOID) {
            pushDefault(returnType);
        }
        if (exit != null) {
            if (returnType.getSort() != Type.VOID) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returnSlot);
            }
            if (exit.onThrowable != null) {
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
            }
            super.visitJumpInsn(Opcodes.GOTO, exitLabel);
        } else {
            super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
        }
        super.visitLabel(run);
        Object[] locals = slots(true, true, false);
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
    }

    private int shift(int var) {
        return var < parameterSlots ? var : var + inserted;
    }

    @Override
    public void visitInsn(int opcode) {
        start();
        if (exit != null && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (returnType.getSort() != Type.VOID) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returnSlot);
            }
            if (exit.onThrowable != null) {
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
            }
            super.visitJumpInsn(Opcodes.GOTO, exitLabel);
        } else {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        start();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        start();
        super.visitVarInsn(opcode, shift(var));
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        start();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        start();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        start();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, net.bytebuddy.jar.asm.Handle bootstrap,
                                       Object... arguments) {
        start();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        start();
        if (opcode == Opcodes.JSR) {
            // A subroutine's return address is not a frame type: its class loads unadvised (Java 6 files at most).
            throw new IllegalStateException("jsr in " + owner + ": advice is not inlined into subroutines");
        }
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
        start();
        super.visitLabel(label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        start();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        start();
        super.visitIincInsn(shift(var), increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        start();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        start();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        start();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        start();
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
        super.visitLocalVariable(name, descriptor, signature, start, end, shift(index));
    }

    @Override
    public net.bytebuddy.jar.asm.AnnotationVisitor visitLocalVariableAnnotation(int typeRef,
            net.bytebuddy.jar.asm.TypePath typePath, Label[] start, Label[] end, int[] index, String descriptor,
            boolean visible) {
        int[] shifted = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            shifted[i] = shift(index[i]);
        }
        return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, shifted, descriptor, visible);
    }

    /** One of the method's own frames, with the inserted slots after its parameters. */
    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        start();
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("frames must be expanded to inline advice into " + owner);
        }
        List<Object> locals = new ArrayList<>(numLocal + inserted);
        int i = 0;
        int slots = 0;
        while (slots < parameterSlots) {
            Object entry = i < numLocal ? local[i++] : Opcodes.TOP;
            locals.add(entry);
            slots += entry == Opcodes.LONG || entry == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots != parameterSlots) {
            throw new IllegalStateException("a frame of " + owner + " overlaps a parameter's slots");
        }
        addInserted(locals, true, true, false);
        while (i < numLocal) {
            locals.add(local[i++]);
        }
        super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        int adviceStack = 2;
        int adviceLocals = 0;
        if (enter != null) {
            adviceStack = Math.max(adviceStack, enter.maxStack + 2);
            adviceLocals = enter.maxLocals - enter.parameterSlots;
        }
        if (exit != null) {
            adviceStack = Math.max(adviceStack, exit.maxStack + 2);
            adviceLocals = Math.max(adviceLocals, exit.maxLocals - exit.parameterSlots);
            if (exit.onThrowable != null) {
                super.visitLabel(bodyEnd);
                super.visitLabel(handler);
                Object[] locals = slots(true, true, false);
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {exit.onThrowable});
                super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
                if (returnType.getSort() != Type.VOID) {
                    pushDefault(returnType);
                    super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returnSlot);
                }
            }
            Object[] atExit = slots(true, true, true);
            super.visitLabel(exitLabel);
            super.visitFrame(Opcodes.F_NEW, atExit.length, atExit, 0, new Object[0]);
            copy(exit, atExit, atExit);
            if (exit.onThrowable != null) {
                Label normal = new Label();
                super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                super.visitJumpInsn(Opcodes.IFNULL, normal);
                super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                super.visitInsn(Opcodes.ATHROW);
                super.visitLabel(normal);
                super.visitFrame(Opcodes.F_NEW, atExit.length, atExit, 0, new Object[0]);
            }
            if (returnType.getSort() != Type.VOID) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), returnSlot);
            }
            super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
        }
        super.visitMaxs(Math.max(maxStack, adviceStack),
                Math.max(maxLocals + inserted, parameterSlots + inserted + adviceLocals));
    }

    // ---- frames

    /**
     * Frame entries for the parameters and the inserted slots: the enter value (and the arguments' copies) are written
     * before the method's code runs, the return value and the exception after.
     */
    private Object[] slots(boolean enterSet, boolean backupsSet, boolean outcomeSet) {
        List<Object> locals = new ArrayList<>();
        java.util.Collections.addAll(locals, parameterEntries);
        addInserted(locals, enterSet, backupsSet, outcomeSet);
        return locals.toArray();
    }

    /** Frame entries for the inserted slots; TOP for those not written yet. */
    private void addInserted(List<Object> locals, boolean enterSet, boolean backupsSet, boolean outcomeSet) {
        if (enterType.getSort() != Type.VOID) {
            addSlots(locals, enterSet ? frameEntry(enterType) : null, enterType.getSize());
        }
        for (int i = 0; i < arguments.length; i++) {
            if (backupSlot[i] >= 0) {
                addSlots(locals, backupsSet ? frameEntry(arguments[i]) : null, arguments[i].getSize());
            }
        }
        if (exit != null) {
            if (returnType.getSort() != Type.VOID) {
                addSlots(locals, outcomeSet ? frameEntry(returnType) : null, returnType.getSize());
            }
            if (exit.onThrowable != null) {
                addSlots(locals, outcomeSet ? exit.onThrowable : null, 1);
            }
        }
    }

    /** A set value's one entry, or an unset value's slots as TOP. */
    private static void addSlots(List<Object> locals, Object entry, int size) {
        if (entry != null) {
            locals.add(entry);
        } else {
            for (int s = 0; s < size; s++) {
                locals.add(Opcodes.TOP);
            }
        }
    }

    static Object frameEntry(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            case Type.ARRAY:
                return type.getDescriptor();
            default:
                return type.getInternalName();
        }
    }

    private void pushDefault(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                super.visitInsn(Opcodes.LCONST_0);
                break;
            case Type.FLOAT:
                super.visitInsn(Opcodes.FCONST_0);
                break;
            case Type.DOUBLE:
                super.visitInsn(Opcodes.DCONST_0);
                break;
            case Type.ARRAY:
            case Type.OBJECT:
                super.visitInsn(Opcodes.ACONST_NULL);
                break;
            default:
                super.visitInsn(Opcodes.ICONST_0);
        }
    }

    // ---- copying advice

    /**
     * Copies {@code advice}'s code here, its locals after the inserted slots, its returns jumping past it.
     * {@code before} and {@code after} are the frame entries for the method's slots at its start and past its end.
     */
    private void copy(AdviceMethod advice, Object[] before, Object[] after) {
        MethodVisitor mv = this.mv;
        Label[] labels = new Label[advice.labelCount];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new Label();
        }
        Label start = new Label();
        Label end = new Label();
        Label suppressed = new Label();
        Label done = new Label();
        for (AdviceMethod.TryCatch block : advice.tryCatches) {
            mv.visitTryCatchBlock(labels[block.start], labels[block.end], labels[block.handler], block.type);
        }
        if (advice.suppress != null) {
            mv.visitTryCatchBlock(start, end, suppressed, advice.suppress);
        }
        // The advice's first instruction may carry a frame: never at the offset of the frame before it.
        mv.visitInsn(Opcodes.NOP);
        mv.visitLabel(start);
        int localBase = parameterSlots + inserted;
        for (Insn insn : advice.code) {
            switch (insn.kind) {
                case Insn.INSN:
                    if (insn.opcode >= Opcodes.IRETURN && insn.opcode <= Opcodes.RETURN) {
                        if (advice.enter && advice.returnType.getSort() != Type.VOID) {
                            mv.visitVarInsn(advice.returnType.getOpcode(Opcodes.ISTORE), enterSlot);
                        } else if (insn.opcode != Opcodes.RETURN) {
                            mv.visitInsn(advice.returnType.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
                        }
                        mv.visitJumpInsn(Opcodes.GOTO, done);
                    } else {
                        mv.visitInsn(insn.opcode);
                    }
                    break;
                case Insn.INT:
                    mv.visitIntInsn(insn.opcode, insn.operand);
                    break;
                case Insn.VAR:
                    if (insn.operand < advice.parameterSlots) {
                        Parameter p = advice.bySlot[insn.operand];
                        if (insn.opcode >= Opcodes.ISTORE) {
                            store(mv, p);
                        } else {
                            load(mv, advice, p);
                        }
                    } else {
                        mv.visitVarInsn(insn.opcode, insn.operand - advice.parameterSlots + localBase);
                    }
                    break;
                case Insn.TYPE:
                    mv.visitTypeInsn(insn.opcode, (String) insn.a);
                    break;
                case Insn.FIELD:
                    mv.visitFieldInsn(insn.opcode, (String) insn.a, (String) insn.b, (String) insn.c);
                    break;
                case Insn.METHOD:
                    mv.visitMethodInsn(insn.opcode, (String) insn.a, (String) insn.b, (String) insn.c, insn.itf);
                    break;
                case Insn.JUMP:
                    mv.visitJumpInsn(insn.opcode, labels[insn.labels[0]]);
                    break;
                case Insn.LABEL:
                    mv.visitLabel(labels[insn.operand]);
                    break;
                case Insn.LDC:
                    mv.visitLdcInsn(insn.a);
                    break;
                case Insn.IINC:
                    mv.visitIincInsn(insn.operand - advice.parameterSlots + localBase, insn.opcode);
                    break;
                case Insn.TABLE:
                    mv.visitTableSwitchInsn(insn.opcode, insn.operand, labels[insn.labels[0]], targets(insn, labels));
                    break;
                case Insn.LOOKUP:
                    mv.visitLookupSwitchInsn(labels[insn.labels[0]], insn.keys, targets(insn, labels));
                    break;
                case Insn.MULTI:
                    mv.visitMultiANewArrayInsn((String) insn.a, insn.operand);
                    break;
                case Insn.FRAME:
                    Object[] locals = adviceLocals(advice, insn.locals, before, labels);
                    Object[] stack = resolve(insn.stack, labels);
                    mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
                    break;
                default:
                    throw new IllegalStateException("unknown recorded instruction " + insn.kind);
            }
        }
        mv.visitLabel(end);
        if (advice.suppress != null) {
            mv.visitLabel(suppressed);
            mv.visitFrame(Opcodes.F_NEW, before.length, before, 1, new Object[] {advice.suppress});
            mv.visitInsn(Opcodes.POP);
            if (advice.enter && advice.returnType.getSort() != Type.VOID) {
                pushDefault(advice.returnType);
                mv.visitVarInsn(advice.returnType.getOpcode(Opcodes.ISTORE), enterSlot);
            }
        }
        mv.visitLabel(done);
        mv.visitFrame(Opcodes.F_NEW, after.length, after, 0, new Object[0]);
    }

    private static Label[] targets(Insn insn, Label[] labels) {
        Label[] targets = new Label[insn.labels.length - 1];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = labels[insn.labels[i + 1]];
        }
        return targets;
    }

    /** An advice frame's locals: the method's slots as they are here, then the advice's own locals. */
    private static Object[] adviceLocals(AdviceMethod advice, Object[] adviceFrame, Object[] here, Label[] labels) {
        int i = 0;
        int slots = 0;
        while (slots < advice.parameterSlots && i < adviceFrame.length) {
            Object entry = adviceFrame[i++];
            slots += entry == Opcodes.LONG || entry == Opcodes.DOUBLE ? 2 : 1;
        }
        Object[] locals = new Object[here.length + adviceFrame.length - i];
        System.arraycopy(here, 0, locals, 0, here.length);
        Object[] own = resolve(java.util.Arrays.copyOfRange(adviceFrame, i, adviceFrame.length), labels);
        System.arraycopy(own, 0, locals, here.length, own.length);
        return locals;
    }

    private static Object[] resolve(Object[] entries, Label[] labels) {
        Object[] resolved = entries.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] instanceof AdviceMethod.LabelRef) {
                resolved[i] = labels[((AdviceMethod.LabelRef) resolved[i]).label];
            }
        }
        return resolved;
    }

    /** Loads the value an advice parameter is bound to, as the parameter's type. */
    private void load(MethodVisitor mv, AdviceMethod advice, Parameter p) {
        Type from;
        switch (p.binding) {
            case THIS:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                from = Type.getObjectType(owner);
                break;
            case ARGUMENT:
                from = arguments[p.index];
                int slot = !advice.enter && backupSlot[p.index] >= 0 ? backupSlot[p.index] : argumentSlot[p.index];
                mv.visitVarInsn(from.getOpcode(Opcodes.ILOAD), slot);
                break;
            case ENTER:
                from = enterType;
                mv.visitVarInsn(from.getOpcode(Opcodes.ILOAD), enterSlot);
                break;
            case RETURN:
                from = returnType;
                if (from.getSort() == Type.VOID) {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    from = Type.getType(Object.class);
                } else {
                    mv.visitVarInsn(from.getOpcode(Opcodes.ILOAD), returnSlot);
                }
                break;
            case THROWN:
                from = Type.getObjectType(exit.onThrowable);
                mv.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                break;
            case FIELD:
                InlineAdvice.FieldRef field = fields.get(p);
                from = Type.getType(field.descriptor);
                if (field.isStatic) {
                    mv.visitFieldInsn(Opcodes.GETSTATIC, field.owner, field.name, field.descriptor);
                } else {
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitFieldInsn(Opcodes.GETFIELD, field.owner, field.name, field.descriptor);
                }
                break;
            default:
                throw new IllegalStateException("unknown binding " + p.binding);
        }
        convert(mv, from, p.type);
    }

    private void store(MethodVisitor mv, Parameter p) {
        if (p.binding == Binding.ARGUMENT) {
            mv.visitVarInsn(p.type.getOpcode(Opcodes.ISTORE), argumentSlot[p.index]);
        } else {
            mv.visitVarInsn(p.type.getOpcode(Opcodes.ISTORE), returnSlot);
        }
    }

    /** Whether a value of {@code from} can be given to an advice parameter of {@code to}. */
    static boolean convertible(Type from, Type to) {
        boolean fromReference = from.getSort() >= Type.ARRAY;
        boolean toReference = to.getSort() >= Type.ARRAY;
        if (fromReference && toReference) {
            return true;
        }
        if (!fromReference && !toReference) {
            return from.getSort() == to.getSort();
        }
        return !fromReference && from.getSort() != Type.VOID
                && (to.getInternalName().equals("java/lang/Object") || to.equals(boxed(from)));
    }

    private static void convert(MethodVisitor mv, Type from, Type to) {
        if (from.equals(to)) {
            return;
        }
        if (from.getSort() < Type.ARRAY) {
            Type box = boxed(from);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
                    Type.getMethodDescriptor(box, from), false);
        } else if (!to.getInternalName().equals("java/lang/Object")) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, to.getSort() == Type.ARRAY ? to.getDescriptor() : to.getInternalName());
        }
    }

    private static Type boxed(Type primitive) {
        switch (primitive.getSort()) {
            case Type.BOOLEAN:
                return Type.getType(Boolean.class);
            case Type.BYTE:
                return Type.getType(Byte.class);
            case Type.CHAR:
                return Type.getType(Character.class);
            case Type.SHORT:
                return Type.getType(Short.class);
            case Type.INT:
                return Type.getType(Integer.class);
            case Type.FLOAT:
                return Type.getType(Float.class);
            case Type.LONG:
                return Type.getType(Long.class);
            case Type.DOUBLE:
                return Type.getType(Double.class);
            default:
                throw new IllegalArgumentException("not primitive: " + primitive);
        }
    }
}
