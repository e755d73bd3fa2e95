package org.rlhf4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of the Llama blocks: parameters with fixed shapes known from the config (so nothing is inferred from input
 * shapes) and weights set from checkpoints or {@link LlamaInitializer}. Blocks compute through explicit methods
 * with shapes in their signatures; DJL's generic {@code forward} is routed to them where it makes sense.
 */
abstract class LlamaBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    LlamaBlock() {
        super(VERSION);
    }

    /**
     * Declares a weight. Its shape comes from the array set by {@link LlamaModel} (DJL refuses {@code setArray} on
     * a parameter whose shape was declared); {@link LlamaConfig#expectedTensorShapes} is the single source of shapes.
     */
    protected Parameter weight(String name) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " is computed through LlamaModel; call LlamaModel.forward");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        for (ai.djl.nn.Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
