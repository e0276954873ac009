import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration for quantize.py: runs the float32 graph (with the inputs of its weighted MatMuls exposed as outputs by
 * {@code quantize.py expose}) on each text of a file, one text per call as Citadel runs the int8 graph, and writes
 * each exposed tensor's largest absolute value per channel, one line per tensor: {@code name v0 v1 …}.
 * Usage (build.sh runs it):
 * {@code java -cp <embedding-service's class path> Calibrate.java <exposed.onnx> <tensor names> <texts> <output>}
 */
public class Calibrate {

    public static void main(String[] args) throws Exception {
        List<String> names = Files.readAllLines(Path.of(args[1]));
        Map<String, float[]> maxima = new LinkedHashMap<>();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(args[0], new OrtSession.SessionOptions());
             InputStream vocabulary = Calibrate.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json");
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(vocabulary,
                     Map.of("padding", "false", "truncation", "false"))) {
            for (String text : Files.readAllLines(Path.of(args[2]))) {
                long[] ids = tokenizer.encode(text).getIds();
                if (ids.length > 256) { // MiniLmModel.MAX_TOKENS, cut the way MiniLmModel cuts
                    long separator = ids[ids.length - 1];
                    ids = Arrays.copyOf(ids, 256);
                    ids[255] = separator;
                }
                long[] mask = new long[ids.length];
                Arrays.fill(mask, 1L);
                long[] shape = {1, ids.length};
                Map<String, OnnxTensor> inputs = Map.of(
                        "input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape),
                        "attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape),
                        "token_type_ids",
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape));
                try (OrtSession.Result result = session.run(inputs)) {
                    for (String name : names) {
                        OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
                        long[] dims = tensor.getInfo().getShape();
                        int channels = (int) dims[dims.length - 1];
                        float[] max = maxima.computeIfAbsent(name, k -> new float[channels]);
                        FloatBuffer values = tensor.getFloatBuffer();
                        for (int i = 0; i < values.limit(); i++) {
                            max[i % channels] = Math.max(max[i % channels], Math.abs(values.get(i)));
                        }
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
        StringBuilder lines = new StringBuilder();
        maxima.forEach((name, max) -> {
            lines.append(name);
            for (float value : max) {
                lines.append(' ').append(value);
            }
            lines.append('\n');
        });
        Files.writeString(Path.of(args[3]), lines);
    }
}
