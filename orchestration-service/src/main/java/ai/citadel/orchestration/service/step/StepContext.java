package ai.citadel.orchestration.service.step;

/**
 * Which attempt of which step is running.
 *
 * @param workflowId the workflow's id
 * @param stepId     the step's id within the workflow
 * @param attempt    1 for the first attempt
 * @param tokens     receives the tokens of a streamed LLM step ({@link TokenListener#NONE} when nobody follows them)
 */
public record StepContext(String workflowId, String stepId, int attempt, TokenListener tokens) {

    /**
     * The {@code X-Request-Id} of the attempt's calls, so the logs and audit of the services called name the
     * workflow, step and attempt.
     */
    public String requestId() {
        return workflowId + ":" + stepId + ":" + attempt;
    }
}
