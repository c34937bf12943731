package dev.segtpu.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/trainer-contract.md is what authors of other trainer images read; this module is what our three
 * sides compile against. They must say the same thing.
 */
class ContractDocumentTest {

  static final Path DOCUMENT = Path.of("..", "..", "docs", "trainer-contract.md");

  private static String document() throws IOException {
    return Files.readString(DOCUMENT);
  }

  private static Set<String> contractVariables() throws IllegalAccessException {
    Set<String> names = new LinkedHashSet<>();
    for (Field field : TrainerContract.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String value = (String) field.get(null);
        if (value.matches("(SEGTPU|TPU|MEGASCALE)_[A-Z_]+")) {
          names.add(value);
        }
      }
    }
    return names;
  }

  private static String section(String text, String heading) {
    int start = text.indexOf("## " + heading);
    int end = text.indexOf("\n## ", start + 1);
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }

  @Test
  void everyVariableOfTheContractIsDocumentedAndTheDocumentNamesNoOther() throws Exception {
    String environment = section(document(), "Environment");
    Set<String> documented = new LinkedHashSet<>();
    Matcher m = Pattern.compile("`((?:SEGTPU|TPU|MEGASCALE)_[A-Z_]+)`").matcher(environment);
    while (m.find()) {
      documented.add(m.group(1));
    }

    assertThat(documented).containsExactlyInAnyOrderElementsOf(contractVariables());
  }

  @Test
  void theExitCodeTableListsEveryCodeWithTheOperatorsReason() throws Exception {
    String table = section(document(), "Exit codes");
    List<Integer> documented = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| ([0-9]+)(?:, other)? \\|(.*)$").matcher(table);
    while (row.find()) {
      int code = Integer.parseInt(row.group(1));
      documented.add(code);
      TrainerExit exit = TrainerExit.of(code).orElseThrow(() -> new AssertionError("exit " + code + " is not in TrainerExit"));
      String reaction = row.group(2);
      switch (exit.reaction()) {
        case FAIL_AT_ONCE -> assertThat(reaction).as("exit %d", code).contains("Failed at once").contains("`" + exit.reason() + "`");
        case RETRY_WITH_BACKOFF -> assertThat(reaction).as("exit %d", code).contains("retried with backoff");
        case RESTART_FROM_CHECKPOINT -> assertThat(reaction).as("exit %d", code).contains("restart from checkpoint");
        case SUCCEED -> assertThat(reaction).as("exit %d", code).contains("Succeeded");
      }
    }

    assertThat(documented).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(TrainerExit.values()).map(TrainerExit::code).toList());
  }

  @Test
  void theStatusSampleHasOnlyFieldsOfTheStatusDocumentAndItsBadputKeysAreTheContracts() throws Exception {
    String status = section(document(), "`GET /status`");
    String sample = status.substring(status.indexOf("```json") + 7, status.indexOf("```", status.indexOf("```json") + 7));

    StatusDocument parsed = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .readValue(sample, StatusDocument.class);

    assertThat(parsed.badputSeconds().keySet()).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(TrainerBadput.values()).map(TrainerBadput::key).toList());
    JsonNode written = new ObjectMapper().readTree(parsed.toJson());
    assertThat(written).isEqualTo(new ObjectMapper().readTree(sample));
  }

  @Test
  void everyFieldOfTheEvaluationIsNamedInTheStatusSection() throws Exception {
    String status = section(document(), "`GET /status`");

    for (RecordComponent field : StatusDocument.Eval.class.getRecordComponents()) {
      assertThat(status).as("eval.%s", field.getName()).contains("`" + field.getName() + "`");
    }
  }

  @Test
  void theDocumentedPhasesAreTheStatusDocumentsPhases() throws Exception {
    String status = section(document(), "`GET /status`");
    String sentence = status.substring(status.indexOf("`phase` is one of"), status.indexOf(". ", status.indexOf("`phase` is one of")));
    List<String> phases = Pattern.compile("`([a-z]+)`").matcher(sentence.substring("`phase`".length())).results()
        .map(r -> r.group(1)).collect(Collectors.toList());

    assertThat(phases).containsExactlyElementsOf(StatusDocument.PHASES);
  }

  @Test
  void theCheckpointLayoutTableNamesWhatTheLayoutWritesAndItsPatternsRead() throws Exception {
    String table = section(document(), "Checkpoints");
    long step = 1234;
    int attempt = 7;
    List<String> documented = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| `((?:ckpt|fence|best)-[^`]*)` \\|").matcher(table);
    while (row.find()) {
      documented.add(row.group(1).replace("<step, 12 digits>", "<step>").replace("<step>", String.format("%012d", step))
          .replace("<attempt>", String.valueOf(attempt)).replaceAll("/$", ""));
    }

    List<String> written = List.of(CheckpointLayout.directory(step, attempt), CheckpointLayout.marker(step, attempt),
        CheckpointLayout.fence(attempt), CheckpointLayout.best(step, attempt));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(written);
    assertThat(CheckpointLayout.DIRECTORY.matcher(written.get(0)).matches()).isTrue();
    assertThat(CheckpointLayout.MARKER.matcher(written.get(1)).matches()).isTrue();
    assertThat(CheckpointLayout.FENCE.matcher(written.get(2)).matches()).isTrue();
    assertThat(CheckpointLayout.BEST.matcher(written.get(3)).matches()).isTrue();
    assertThat(CheckpointLayout.DIRECTORY.matcher(written.get(1)).matches()).as("a marker is not a directory").isFalse();
  }
}
