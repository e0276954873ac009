import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the invariants of rendered Kubernetes manifests ({@code kubectl kustomize} output), run by
 * {@code k8s/check.sh}: {@code java -cp snakeyaml.jar k8s/K8sInvariants.java NAME=FILE ...}. Prints every broken
 * invariant as {@code NAME: Kind/name: what is wrong} and exits 1 when there is any.
 * <ul>
 *   <li>every container (init containers too) of every workload: CPU and memory requests and limits; no privilege
 *       escalation, a read-only root file system, all capabilities dropped; runAsNonRoot and the RuntimeDefault
 *       seccomp profile (the pod's or its own); every volume mount names a volume of the pod;</li>
 *   <li>each Citadel service ({@link #SERVICES}) is a Deployment with its port named {@code http}, liveness
 *       {@code /health/live}, readiness {@code /health/ready} and startup {@code /health/started} probes on that
 *       port, the image {@code [registry/]citadel/<service>:<tag>}, Flyway off, and an init container waiting for
 *       its Flyway Job, which exists and runs the same image with {@code QUARKUS_INIT_AND_EXIT=true}; and it has an
 *       autoscaling/v2 HorizontalPodAutoscaler and a PodDisruptionBudget targeting it;</li>
 *   <li>every Deployment: its selector matches its pod labels; a Service selects its pods, and every Service,
 *       PodDisruptionBudget and autoscaler selects or targets exactly one workload's pods, through ports that
 *       exist;</li>
 *   <li>Secrets: no Secret carries data (they are created in the cluster, docs/operations.md#install-on-kubernetes);
 *       every secretKeyRef names a Secret and a key, every secretRef a Secret; every ConfigMap a pod refers to is
 *       rendered.</li>
 * </ul>
 */
public class K8sInvariants {

    /** The Citadel services and the port each listens on (docs/architecture.md#system-map). */
    static final Map<String, Integer> SERVICES = new TreeMap<>(Map.of(
            "orchestration-service", 8000,
            "embedding-service", 8001,
            "gateway-service", 8002,
            "management-service", 8003));

    static final Map<String, String> PROBES = Map.of(
            "livenessProbe", "/health/live",
            "readinessProbe", "/health/ready",
            "startupProbe", "/health/started");

    static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    /** One rendered object. */
    record Obj(String kind, String name, Map<String, Object> body) {
        String id() {
            return kind + "/" + name;
        }

        /** The pod template of a workload. */
        Map<String, Object> podTemplate() {
            return map(body, "spec", "template");
        }

        Map<String, Object> podSpec() {
            return map(podTemplate(), "spec");
        }

        Map<String, String> podLabels() {
            return strings(map(podTemplate(), "metadata", "labels"));
        }
    }

    private final String render;
    private final List<Obj> objects;
    private final List<String> problems = new ArrayList<>();

    K8sInvariants(String render, List<Obj> objects) {
        this.render = render;
        this.objects = objects;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -cp snakeyaml.jar K8sInvariants.java NAME=RENDERED.yaml ...");
            System.exit(2);
        }
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            String[] nameAndFile = arg.split("=", 2);
            K8sInvariants check = new K8sInvariants(nameAndFile[0], load(Path.of(nameAndFile[1])));
            check.run();
            problems.addAll(check.problems);
            System.out.printf("[k8s] %s: %d objects checked%n", nameAndFile[0], check.objects.size());
        }
        problems.forEach(System.err::println);
        if (!problems.isEmpty()) {
            System.err.printf("[k8s] %d broken invariant(s)%n", problems.size());
            System.exit(1);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Obj> load(Path file) throws IOException {
        List<Obj> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document instanceof Map<?, ?> body) {
                    Map<String, Object> object = (Map<String, Object>) body;
                    objects.add(new Obj(String.valueOf(object.get("kind")),
                            String.valueOf(map(object, "metadata").get("name")), object));
                }
            }
        }
        return objects;
    }

    void run() {
        for (Obj object : objects) {
            switch (object.kind()) {
                case "Secret" -> checkSecret(object);
                case "Service" -> checkService(object);
                case "PodDisruptionBudget" ->
                        checkSelectsOneWorkload(object, strings(map(object.body(), "spec", "selector", "matchLabels")));
                case "HorizontalPodAutoscaler" -> checkAutoscaler(object);
                default -> {
                }
            }
            if (WORKLOAD_KINDS.contains(object.kind())) {
                checkPod(object);
            }
            if (object.kind().equals("Deployment")) {
                checkDeployment(object);
            }
        }
        SERVICES.forEach(this::checkCitadelService);
    }

    // --- every workload ---

    void checkPod(Obj workload) {
        Map<String, Object> pod = workload.podSpec();
        Map<String, Object> podSecurity = map(pod, "securityContext");
        if (!Boolean.TRUE.equals(podSecurity.get("runAsNonRoot"))) {
            fail(workload, "pod securityContext.runAsNonRoot is not true");
        }
        List<String> volumes = list(pod, "volumes").stream().map(v -> String.valueOf(asMap(v).get("name"))).toList();
        for (Map<String, Object> container : containers(pod)) {
            String where = "container " + container.get("name") + ": ";
            Map<String, Object> resources = map(container, "resources");
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (map(resources, bound).get(resource) == null) {
                        fail(workload, where + "no resources." + bound + "." + resource);
                    }
                }
            }
            Map<String, Object> security = map(container, "securityContext");
            if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                fail(workload, where + "securityContext.allowPrivilegeEscalation is not false");
            }
            if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                fail(workload, where + "securityContext.readOnlyRootFilesystem is not true");
            }
            if (!list(security, "capabilities", "drop").contains("ALL")) {
                fail(workload, where + "securityContext.capabilities.drop lacks ALL");
            }
            if (Boolean.FALSE.equals(security.get("runAsNonRoot"))
                    || security.get("runAsUser") instanceof Integer uid && uid == 0) {
                fail(workload, where + "runs as root");
            }
            Object seccomp = Optional.ofNullable(map(security, "seccompProfile").get("type"))
                    .orElse(map(podSecurity, "seccompProfile").get("type"));
            if (!"RuntimeDefault".equals(seccomp)) {
                fail(workload, where + "seccompProfile is " + seccomp + ", not RuntimeDefault");
            }
            for (Object mount : list(container, "volumeMounts")) {
                Object volume = ((Map<?, ?>) mount).get("name");
                if (!volumes.contains(String.valueOf(volume))) {
                    fail(workload, where + "mounts volume " + volume + ", which the pod does not declare");
                }
            }
            checkReferences(workload, where, container);
        }
        for (Object volume : list(pod, "volumes")) {
            Map<String, Object> configMap = map(asMap(volume), "configMap");
            if (!configMap.isEmpty()) {
                checkConfigMapExists(workload, "volume " + asMap(volume).get("name") + ": ", configMap.get("name"));
            }
        }
    }

    void checkReferences(Obj workload, String where, Map<String, Object> container) {
        for (Object entry : list(container, "env")) {
            String variable = "env " + asMap(entry).get("name") + ": ";
            Map<String, Object> from = map(asMap(entry), "valueFrom");
            Map<String, Object> secretKey = map(from, "secretKeyRef");
            if (from.containsKey("secretKeyRef") && (blank(secretKey.get("name")) || blank(secretKey.get("key")))) {
                fail(workload, where + variable + "secretKeyRef lacks its Secret name or key");
            }
            Map<String, Object> configMapKey = map(from, "configMapKeyRef");
            if (!configMapKey.isEmpty()) {
                checkConfigMapExists(workload, where + variable, configMapKey.get("name"));
            }
        }
        for (Object source : list(container, "envFrom")) {
            Map<String, Object> envFrom = asMap(source);
            if (envFrom.containsKey("secretRef") && blank(map(envFrom, "secretRef").get("name"))) {
                fail(workload, where + "envFrom secretRef without a name");
            }
            if (envFrom.containsKey("configMapRef")) {
                checkConfigMapExists(workload, where + "envFrom: ", map(envFrom, "configMapRef").get("name"));
            }
        }
    }

    void checkConfigMapExists(Obj workload, String where, Object name) {
        if (find("ConfigMap", String.valueOf(name)).isEmpty()) {
            fail(workload, where + "ConfigMap " + name + " is not rendered (a name kustomize did not rewrite?)");
        }
    }

    void checkDeployment(Obj deployment) {
        Map<String, String> selector = strings(map(deployment.body(), "spec", "selector", "matchLabels"));
        if (selector.isEmpty() || !matches(selector, deployment.podLabels())) {
            fail(deployment, "spec.selector " + selector + " does not match its pod labels " + deployment.podLabels());
        }
        boolean hasService = objects.stream().anyMatch(o -> o.kind().equals("Service")
                && matches(strings(map(o.body(), "spec", "selector")), deployment.podLabels()));
        if (!hasService) {
            fail(deployment, "no Service selects its pods");
        }
    }

    // --- selectors and targets ---

    void checkService(Obj service) {
        Map<String, String> selector = strings(map(service.body(), "spec", "selector"));
        Optional<Obj> target = checkSelectsOneWorkload(service, selector);
        if (target.isEmpty()) {
            return;
        }
        for (Object port : list(service.body(), "spec", "ports")) {
            Object targetPort = Optional.ofNullable(asMap(port).get("targetPort")).orElse(asMap(port).get("port"));
            if (containerPort(target.get(), targetPort).isEmpty()) {
                fail(service, "targetPort " + targetPort + " is no container port of " + target.get().id());
            }
        }
    }

    /** The one workload whose pods the selector matches; a problem when none or several. */
    Optional<Obj> checkSelectsOneWorkload(Obj selecting, Map<String, String> labels) {
        List<Obj> selected = workloads().filter(w -> !labels.isEmpty() && matches(labels, w.podLabels())).toList();
        if (selected.size() != 1) {
            fail(selecting, "selector " + labels + " matches the pods of " + selected.size()
                    + " workloads " + selected.stream().map(Obj::id).toList() + ", not exactly one");
            return Optional.empty();
        }
        return Optional.of(selected.get(0));
    }

    void checkAutoscaler(Obj autoscaler) {
        if (!"autoscaling/v2".equals(autoscaler.body().get("apiVersion"))) {
            fail(autoscaler, "apiVersion " + autoscaler.body().get("apiVersion") + ", not autoscaling/v2");
        }
        Map<String, Object> spec = map(autoscaler.body(), "spec");
        Map<String, Object> target = map(spec, "scaleTargetRef");
        if (find(String.valueOf(target.get("kind")), String.valueOf(target.get("name"))).isEmpty()) {
            fail(autoscaler, "scaleTargetRef " + target.get("kind") + "/" + target.get("name") + " is not rendered");
        }
        if (!(spec.get("minReplicas") instanceof Integer min && spec.get("maxReplicas") instanceof Integer max
                && 1 <= min && min <= max)) {
            fail(autoscaler, "needs 1 <= minReplicas <= maxReplicas, has " + spec.get("minReplicas") + ".."
                    + spec.get("maxReplicas"));
        }
    }

    // --- the Citadel services ---

    void checkCitadelService(String name, int port) {
        Optional<Obj> found = find("Deployment", name);
        if (found.isEmpty()) {
            problems.add(render + ": Deployment/" + name + " is missing");
            return;
        }
        Obj deployment = found.get();
        Map<String, Object> container = containers(deployment.podSpec(), "containers").stream()
                .filter(c -> name.equals(c.get("name"))).findFirst().orElse(null);
        if (container == null) {
            fail(deployment, "no container named " + name);
            return;
        }
        Integer http = containerPort(deployment, "http").orElse(null);
        if (!Objects.equals(http, port)) {
            fail(deployment, "container port http is " + http + ", expected " + port);
        }
        PROBES.forEach((probe, path) -> {
            Map<String, Object> get = map(container, probe, "httpGet");
            if (!path.equals(get.get("path"))) {
                fail(deployment, probe + " path is " + get.get("path") + ", expected " + path);
            }
            if (!Objects.equals(containerPort(deployment, get.get("port")).orElse(null), port)) {
                fail(deployment, probe + " port " + get.get("port") + " is not the service port " + port);
            }
        });
        String image = String.valueOf(container.get("image"));
        // a registry may stand before it; a tag or a digest after it
        if (!image.matches("([^/]+/)*citadel/" + name + "(:[\\w.-]+|@sha256:\\p{XDigit}{64})")) {
            fail(deployment, "image " + image + " is not [registry/]citadel/" + name + ":<version>");
        }
        if (!"false".equals(envValue(container, "QUARKUS_FLYWAY_ACTIVE"))) {
            fail(deployment, "QUARKUS_FLYWAY_ACTIVE is not \"false\": the Flyway Job migrates");
        }
        checkFlywayJob(deployment, name, image);
        boolean hasAutoscaler = objects.stream().filter(o -> o.kind().equals("HorizontalPodAutoscaler"))
                .map(o -> map(o.body(), "spec", "scaleTargetRef"))
                .anyMatch(target -> "Deployment".equals(target.get("kind")) && name.equals(target.get("name")));
        if (!hasAutoscaler) {
            fail(deployment, "no HorizontalPodAutoscaler targets it");
        }
        boolean hasBudget = objects.stream().anyMatch(o -> o.kind().equals("PodDisruptionBudget")
                && "policy/v1".equals(o.body().get("apiVersion"))
                && matches(strings(map(o.body(), "spec", "selector", "matchLabels")), deployment.podLabels()));
        if (!hasBudget) {
            fail(deployment, "no policy/v1 PodDisruptionBudget selects its pods");
        }
    }

    void checkFlywayJob(Obj deployment, String name, String image) {
        String jobName = name + "-flyway-init";
        boolean waits = containers(deployment.podSpec(), "initContainers").stream()
                .anyMatch(c -> list(c, "args").equals(List.of("job", jobName)));
        if (!waits) {
            fail(deployment, "no init container waits for Job " + jobName);
        }
        Optional<Obj> job = find("Job", jobName);
        if (job.isEmpty()) {
            fail(deployment, "its Flyway Job " + jobName + " is not rendered");
            return;
        }
        List<Map<String, Object>> jobContainers = containers(job.get().podSpec(), "containers");
        if (jobContainers.size() != 1 || !image.equals(jobContainers.get(0).get("image"))
                || !"true".equals(envValue(jobContainers.get(0), "QUARKUS_INIT_AND_EXIT"))) {
            fail(job.get(), "needs one container running " + image + " with QUARKUS_INIT_AND_EXIT=true");
        }
    }

    // --- Secrets ---

    void checkSecret(Obj secret) {
        for (String field : List.of("data", "stringData")) {
            if (!map(secret.body(), field).isEmpty()) {
                fail(secret, "carries " + field + ": Secrets are created in the cluster, never shipped");
            }
        }
    }

    // --- helpers ---

    Optional<Obj> find(String kind, String name) {
        return objects.stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst();
    }

    Stream<Obj> workloads() {
        return objects.stream().filter(o -> WORKLOAD_KINDS.contains(o.kind()));
    }

    /** The container port a probe or Service port names (a number or a port name), if a container declares it. */
    static Optional<Integer> containerPort(Obj workload, Object portOrName) {
        for (Map<String, Object> container : containers(workload.podSpec(), "containers")) {
            for (Object port : list(container, "ports")) {
                Map<String, Object> declared = asMap(port);
                if (Objects.equals(declared.get("name"), portOrName)
                        || Objects.equals(declared.get("containerPort"), portOrName)) {
                    return Optional.of((Integer) declared.get("containerPort"));
                }
            }
        }
        return Optional.empty();
    }

    static String envValue(Map<String, Object> container, String variable) {
        return list(container, "env").stream().map(K8sInvariants::asMap)
                .filter(e -> variable.equals(e.get("name"))).map(e -> String.valueOf(e.get("value")))
                .findFirst().orElse(null);
    }

    static List<Map<String, Object>> containers(Map<String, Object> pod) {
        List<Map<String, Object>> all = new ArrayList<>(containers(pod, "initContainers"));
        all.addAll(containers(pod, "containers"));
        return all;
    }

    static List<Map<String, Object>> containers(Map<String, Object> pod, String field) {
        return list(pod, field).stream().map(K8sInvariants::asMap).toList();
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    void fail(Obj object, String problem) {
        problems.add(render + ": " + object.id() + ": " + problem);
    }

    static boolean blank(Object value) {
        return value == null || String.valueOf(value).isBlank();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, Object> map(Map<String, Object> from, String... path) {
        Map<String, Object> current = from;
        for (String key : path) {
            current = asMap(current.get(key));
        }
        return current;
    }

    static List<?> list(Map<String, Object> from, String... path) {
        Map<String, Object> parent = map(from, Arrays.copyOf(path, path.length - 1));
        return parent.get(path[path.length - 1]) instanceof List<?> l ? l : List.of();
    }

    static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }
}
