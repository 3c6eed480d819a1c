package dev.stellar.finetune.model.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * Weights cast to a low-precision product type once per scoring run instead of once per batch. A scoring run
 * (validation, evaluation, the frozen-activation cache) opens it; while it is open on the thread, a kernel's
 * {@link #of} keeps what it cast for each layer and hands it back for every later batch; closing it frees the
 * casts. The weights cannot change while it is open: scoring never steps the optimizer, and no cast outlives
 * the run, so the next run after a training step casts the new weights. Outside a run every call casts afresh,
 * into the batch's memory.
 */
public final class CastWeightCache implements AutoCloseable {

    private static final ThreadLocal<CastWeightCache> OPEN = new ThreadLocal<>();

    private final IdentityHashMap<Object, NDList> casts = new IdentityHashMap<>();
    private final boolean owner;

    private CastWeightCache(boolean owner) {
        this.owner = owner;
    }

    /** Opens the cache on this thread; inside an open one it is a no-op handle (the outer run owns the casts). */
    public static CastWeightCache open() {
        if (OPEN.get() != null) {
            return new CastWeightCache(false);
        }
        CastWeightCache cache = new CastWeightCache(true);
        OPEN.set(cache);
        return cache;
    }

    /**
     * The weights {@code layer} uses in low precision: cast once while a run is open, afresh otherwise.
     *
     * @param layer the block whose weights these are (identity is the key)
     * @param batch the manager of the batch being computed: it owns casts made outside a run (a module's outputs
     *     belong to its first input's manager, here the model's, which would keep them until the model closes)
     * @param cast casts them; what it returns is owned by the cache while a run is open
     */
    public static NDList of(Object layer, NDManager batch, Supplier<NDList> cast) {
        CastWeightCache open = OPEN.get();
        if (open == null) {
            NDList arrays = cast.get();
            arrays.attach(batch);
            return arrays;
        }
        return open.casts.computeIfAbsent(layer, l -> {
            NDList arrays = cast.get();
            arrays.forEach(a -> a.detach());
            return arrays;
        });
    }

    /** How many layers' casts are held now on this thread (0 outside a run). */
    public static int held() {
        CastWeightCache open = OPEN.get();
        return open == null ? 0 : open.casts.size();
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        OPEN.remove();
        List<NDList> held = new ArrayList<>(casts.values());
        casts.clear();
        held.forEach(NDList::close);
    }
}
