package dev.stride.contracts.objects;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code runs/{runId}/evaluation/report.json}: a checkpoint scored on its dataset's test split.
 *
 * @param confusion {@code confusion[true][predicted]} image counts
 * @param classAccuracy per true class, the share predicted correctly (null for a class without test
 *     images)
 */
public record EvaluationReport(
    String runId,
    String datasetId,
    String checkpointKey,
    int epoch,
    int examples,
    double loss,
    double accuracy,
    List<String> classNames,
    List<Double> classAccuracy,
    List<List<Integer>> confusion,
    double seconds,
    OffsetDateTime createdAt) {}
