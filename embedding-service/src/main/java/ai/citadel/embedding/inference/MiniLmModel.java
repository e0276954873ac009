package ai.citadel.embedding.inference;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (384 dimensions) run in-process with ONNX Runtime: texts are tokenized, sorted by length and run
 * in ONNX calls of one text ({@link Variant#INT8}) or of padded batches ({@link Variant#FLOAT32}). Pooling and
 * normalisation are LangChain4j's ({@code OnnxBertBiEncoder}): mean of the token vectors under the attention mask,
 * then L2 norm, so with float32, texts up to 128 tokens give LangChain4j's vectors (its tokenizer.json cuts there;
 * Citadel cuts at the model card's 256). Thread-safe (an {@link OrtSession} may be run concurrently).
 */
public final class MiniLmModel implements AutoCloseable {

    public static final int DIMENSIONS = 384;
    /** The model card's limit (sentence-transformers' max_seq_length), {@code [CLS]} and {@code [SEP]} included. */
    public static final int MAX_TOKENS = 256;

    /** The two builds of the model. Their vectors differ slightly (cosine ≥ 0.99 for 99 % of texts): never mix them. */
    public enum Variant {
        /**
         * LangChain4j's float32 graph, texts in padded batches: padding under the attention mask moves a vector by
         * under 1e-5.
         */
        FLOAT32("/all-minilm-l6-v2.onnx", false),
        /**
         * Citadel's int8 graph (SmoothQuant, built by {@code embedding-service/model/build.sh}): about 2.8 times the
         * texts per CPU-second. It quantizes activations with one scale per tensor, computed at run time, so each text
         * runs as its own ONNX call: its vector is then the same, bit for bit, alone or in any batch. Batching buys
         * no CPU efficiency on CPUs anyway (bench/README.md).
         */
        INT8("/all-minilm-l6-v2-int8.onnx", true);

        private final String modelResource;
        private final boolean oneTextPerCall;

        Variant(String modelResource, boolean oneTextPerCall) {
            this.modelResource = modelResource;
            this.oneTextPerCall = oneTextPerCall;
        }
    }

    private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final HuggingFaceTokenizer tokenizer;
    private final int maxBatchTokens;
    private final boolean oneTextPerCall;

    /**
     * @param intraOpThreads ONNX Runtime threads per call
     * @param maxBatchTokens most padded tokens (rows × longest) in one float32 ONNX call; bounds memory and
     *                       padding waste
     */
    public MiniLmModel(Variant variant, int intraOpThreads, int maxBatchTokens) {
        this.maxBatchTokens = Math.max(maxBatchTokens, MAX_TOKENS);
        this.oneTextPerCall = variant.oneTextPerCall;
        try (InputStream model = resource(variant.modelResource);
             InputStream vocabulary = resource(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            // Idle ONNX threads spin by default, taking CPU from the HTTP, tokenizer and other inference threads
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            environment = OrtEnvironment.getEnvironment();
            session = environment.createSession(model.readAllBytes(), options);
            takesTokenTypes = session.getInputNames().contains("token_type_ids");
            // Citadel pads and truncates itself, per batch
            tokenizer = HuggingFaceTokenizer.newInstance(vocabulary,
                    Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the all-minilm ONNX model", e);
        }
    }

    /** Vectors for {@code texts}, in order; over-long texts are cut to {@value #MAX_TOKENS} tokens or rejected. */
    public List<float[]> embed(List<String> texts, boolean truncate) {
        List<TokenizedText> tokenized = tokenize(texts, truncate);
        tokenized.sort(Comparator.comparingInt(TokenizedText::length));
        float[][] vectors = new float[texts.size()][];
        int start = 0;
        while (start < tokenized.size()) {
            int end = batchEnd(tokenized, start);
            runBatch(tokenized.subList(start, end), vectors);
            start = end;
        }
        return Arrays.asList(vectors);
    }

    /** Number of tokens of {@code text}, {@code [CLS]} and {@code [SEP]} included. */
    public int countTokens(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    private List<TokenizedText> tokenize(List<String> texts, boolean truncate) {
        List<TokenizedText> tokenized = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            long[] ids = tokenizer.encode(texts.get(i)).getIds();
            if (ids.length > MAX_TOKENS) {
                if (!truncate) {
                    throw new InputTooLongException(i, ids.length, MAX_TOKENS);
                }
                long separator = ids[ids.length - 1];
                ids = Arrays.copyOf(ids, MAX_TOKENS);
                ids[MAX_TOKENS - 1] = separator;
            }
            tokenized.add(new TokenizedText(i, ids));
        }
        return tokenized;
    }

    /**
     * The end of the ONNX call starting at {@code start}: the next text with int8; with float32 as many texts as fit,
     * sorted, so the last one sets the padded width.
     */
    private int batchEnd(List<TokenizedText> sorted, int start) {
        int end = start + 1;
        while (!oneTextPerCall && end < sorted.size()
                && (long) (end - start + 1) * sorted.get(end).length() <= maxBatchTokens) {
            end++;
        }
        return end;
    }

    private void runBatch(List<TokenizedText> batch, float[][] vectors) {
        int rows = batch.size();
        int width = batch.getLast().length();
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        for (int row = 0; row < rows; row++) {
            long[] textIds = batch.get(row).ids();
            System.arraycopy(textIds, 0, ids, row * width, textIds.length);
            Arrays.fill(mask, row * width, row * width + textIds.length, 1L);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (takesTokenTypes) {
                inputs.put("token_type_ids",
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * width]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                for (int row = 0; row < rows; row++) {
                    vectors[batch.get(row).index()] = normalize(meanPool(hidden, row, width, batch.get(row).length()));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("all-minilm inference failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean of the first {@code tokens} token vectors of {@code row} (the rest is padding). */
    private static float[] meanPool(FloatBuffer hidden, int row, int width, int tokens) {
        float[] sum = new float[DIMENSIONS];
        int offset = row * width * DIMENSIONS;
        for (int token = 0; token < tokens; token++) {
            int base = offset + token * DIMENSIONS;
            for (int d = 0; d < DIMENSIONS; d++) {
                sum[d] += hidden.get(base + d);
            }
        }
        for (int d = 0; d < DIMENSIONS; d++) {
            sum[d] /= tokens;
        }
        return sum;
    }

    private static float[] normalize(float[] vector) {
        float squares = 0;
        for (float value : vector) {
            squares += value * value;
        }
        float norm = (float) Math.sqrt(squares);
        for (int d = 0; d < vector.length; d++) {
            vector[d] /= norm;
        }
        return vector;
    }

    private static InputStream resource(String name) {
        InputStream stream = MiniLmModel.class.getResourceAsStream(name);
        if (stream == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return stream;
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
