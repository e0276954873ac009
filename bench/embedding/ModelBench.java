import ai.citadel.embedding.inference.MiniLmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The in-process model alone, no HTTP: texts/s and texts per CPU-second of {@link MiniLmModel#embed} per batch size
 * (texts per call; the int8 variant runs them one per ONNX call), with the given ONNX threads. The ceiling the
 * service cannot beat on this machine. Run from the repository root after
 * {@code ./mvnw package -pl embedding-service -DskipTests}:
 * {@code java -cp "embedding-service/target/quarkus-app/lib/main/*:embedding-service/target/classes" bench/embedding/ModelBench.java [threads] [INT8|FLOAT32]}
 */
public class ModelBench {

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        MiniLmModel.Variant variant = MiniLmModel.Variant.valueOf(args.length > 1 ? args[1] : "INT8");
        try (MiniLmModel model = new MiniLmModel(variant, threads, 16_384)) {
            Random random = new Random(1);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 4096; i++) {
                texts.add(sentence(random));
            }
            double tokens = texts.stream().limit(200).mapToInt(model::countTokens).average().orElse(0);
            System.out.printf(Locale.ROOT, "all-minilm %s, %d ONNX threads, %.1f tokens per text on average%n",
                    variant, threads, tokens);
            model.embed(texts.subList(0, 256), true);
            for (int batch : new int[] {1, 8, 32, 64, 128}) {
                long cpuStart = cpuNanos();
                long start = System.nanoTime();
                int done = 0;
                while (System.nanoTime() - start < 8_000_000_000L) {
                    int from = done % (texts.size() - batch);
                    model.embed(texts.subList(from, from + batch), true);
                    done += batch;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
                System.out.printf(Locale.ROOT, "batch %4d: %7.0f texts/s, %6.1f ms per call, %7.0f texts per CPU-second%n",
                        batch, done / seconds, 1000 * seconds / (done / (double) batch), done / cpuSeconds);
            }
        }
    }

    /** CPU time of this process, ONNX Runtime's native threads included: robust to other load on the machine. */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static final String[] WORDS = ("the a cat dog market revenue grew fell quarterly report model vector "
            + "search engine cloud server request latency token river mountain city music history science "
            + "ocean forest coffee morning evening travel budget customer invoice contract meeting").split(" ");

    private static String sentence(Random random) {
        StringBuilder text = new StringBuilder();
        int words = 8 + random.nextInt(17);
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.append(' ').append(random.nextInt(1_000_000)).toString();
    }
}
