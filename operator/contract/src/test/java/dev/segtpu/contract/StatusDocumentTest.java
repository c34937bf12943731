package dev.segtpu.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusDocumentTest {

  @Test
  void theMetricPatternAcceptsExactlyTheMetricsOfBothArchitectures() {
    List<String> metrics = new ArrayList<>(StatusDocument.METRICS);
    metrics.addAll(StatusDocument.MASK_RCNN_METRICS);
    Pattern pattern = Pattern.compile(StatusDocument.METRIC_PATTERN);

    assertThat(metrics).allSatisfy(metric -> assertThat(pattern.matcher(metric).matches()).as(metric).isTrue());
    String alternatives = StatusDocument.METRIC_PATTERN.substring("^(".length(), StatusDocument.METRIC_PATTERN.length() - ")$".length());
    assertThat(alternatives.split("\\|")).containsExactlyInAnyOrderElementsOf(metrics);
  }

  @Test
  void everyMetricIsANumberOfTheEvaluation() {
    List<String> numbers = Arrays.stream(StatusDocument.Eval.class.getRecordComponents())
        .filter(c -> c.getType() == Double.class).map(RecordComponent::getName).toList();

    assertThat(numbers).containsAll(StatusDocument.METRICS).containsAll(StatusDocument.MASK_RCNN_METRICS);
  }
}
