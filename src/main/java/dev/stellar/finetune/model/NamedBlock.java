package dev.stellar.finetune.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block whose parameters carry Hugging Face names ({@code attention.self.query.weight}), relative
 * to the block, so that the full name of every parameter is the key a checkpoint stores it under.
 */
public abstract class NamedBlock extends AbstractBlock {

    private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();
    private final Map<String, Shape> ownShapes = new LinkedHashMap<>();
    private final Map<String, NamedBlock> namedChildren = new LinkedHashMap<>();

    /**
     * Declares a parameter. Its shape is kept here rather than in DJL's Parameter, whose array is set
     * directly from a checkpoint or an initializer of ours (DJL refuses setArray once a shape is set).
     */
    protected final Parameter parameter(String name, Shape shape) {
        Parameter.Type type = name.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
        Parameter parameter = Parameter.builder().setName(name).setType(type).build();
        addParameter(parameter);
        ownParameters.put(name, parameter);
        ownShapes.put(name, shape);
        return parameter;
    }

    protected final <B extends NamedBlock> B child(String name, B block) {
        addChildBlock(name, block);
        namedChildren.put(name, block);
        return block;
    }

    /**
     * Ready once every parameter holds an array: weights always come from a checkpoint or our own
     * initializer, never from DJL's shape inference (which would want input shapes first).
     */
    @Override
    public boolean isInitialized() {
        return getParameters().values().stream().allMatch(Parameter::isInitialized);
    }

    /** Every parameter of this block and its children, under its full Hugging Face name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        collect("", all);
        return all;
    }

    /** The shape each parameter must have, under its full Hugging Face name. */
    public final Map<String, Shape> parameterShapes() {
        Map<String, Shape> all = new LinkedHashMap<>();
        collectShapes("", all);
        return all;
    }

    /** The direct children by their Hugging Face names ({@code embeddings}, {@code encoder.layer.0}). */
    public final Map<String, NamedBlock> namedChildren() {
        return java.util.Collections.unmodifiableMap(namedChildren);
    }

    private void collect(String prefix, Map<String, Parameter> into) {
        ownParameters.forEach((name, p) -> into.put(prefix + name, p));
        namedChildren.forEach((name, child) -> child.collect(childPrefix(prefix, name), into));
    }

    private void collectShapes(String prefix, Map<String, Shape> into) {
        ownShapes.forEach((name, s) -> into.put(prefix + name, s));
        namedChildren.forEach((name, child) -> child.collectShapes(childPrefix(prefix, name), into));
    }

    /** A child named "" adds no level: its parameters' names are relative to this block. */
    private static String childPrefix(String prefix, String name) {
        return name.isEmpty() ? prefix : prefix + name + ".";
    }
}
