package dev.segtpu.sandbox.apiserver;

import dev.segtpu.sandbox.kueue.KueuePodWebhook;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fabric8's CRUD mock API server plus what a real API server does and the mock lacks: discovery,
 * pruning of fields a custom resource's schema does not declare, validation of custom resources
 * against their CRD's schema and CEL rules, graceful deletion of pods, server-side printing
 * (Tables) for kubectl, and Kueue's pod webhook ({@link KueuePodWebhook}).
 */
final class SandboxDispatcher extends Dispatcher {

  private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+)/([^/]+)$");
  private static final Pattern CUSTOM_RESOURCE_PATH =
      Pattern.compile("^/apis/([^/]+)/([^/]+)/(?:namespaces/[^/]+/)?([^/]+)(?:/([^/]+))?(/status)?$");
  private static final Pattern NAMESPACE_IN_PATH = Pattern.compile("/namespaces/([^/]+)/");
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final WatchHub changes = new WatchHub(1000);
  /**
   * Creates, replaces and patches reach the store without their query: kubectl adds {@code fieldManager}
   * (and {@code fieldValidation}, read above), and the store, which knows neither, would take a path ending
   * in {@code /status?fieldManager=...} for the object itself and ignore a status change.
   */
  private static final List<String> WRITES = List.of("POST", "PUT", "PATCH");

  private final KubernetesCrudDispatcher crud = new ChangeRecordingStore(changes);
  private final Watches watches;
  private final SchemaAdmission admission = new SchemaAdmission();
  private final Clock clock;
  private final RequestLog requests;
  private final ApiFaults faults;
  private final PodLogEndpoint logs;

  SandboxDispatcher(Clock clock, RequestLog requests, ApiFaults faults) {
    this.clock = clock;
    this.requests = requests;
    this.faults = faults;
    this.logs = new PodLogEndpoint(crud, clock);
    this.watches = new Watches(changes, this::storedCrds, this::printerColumns, clock, Watch.BOOKMARK_INTERVAL);
  }

  /** Serve {@code pods/log} from the log files the sandbox kubelet keeps under {@code sandboxRoot}. */
  void serveContainerLogsFrom(java.nio.file.Path sandboxRoot) {
    logs.serveFrom(sandboxRoot);
  }

  /** The streamed answer to a GET that needs one ({@code pods/log?follow=true}); empty to dispatch it. */
  Optional<StreamedResponse> stream(RecordedRequest request) {
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (faults.answer(request.getMethod(), bare).isPresent()) {
      return Optional.empty();
    }
    Optional<StreamedResponse> streamed = logs.follow(bare, path.contains("?") ? path.substring(path.indexOf('?') + 1) : "");
    streamed.ifPresent(ignored -> requests.record(request));
    return streamed;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    return ContentNegotiation.negotiate(request, NotFoundStatus.fill(request, answer(request)));
  }

  private MockResponse answer(RecordedRequest request) {
    requests.record(request);
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String method = request.getMethod();
    Optional<MockResponse> fault = faults.answer(method, bare);
    if (fault.isPresent()) {
      return fault.get();
    }
    if ("GET".equals(method)) {
      Optional<MockResponse> log = logs.answer(bare, path.contains("?") ? path.substring(path.indexOf('?') + 1) : "");
      if (log.isPresent()) {
        return log.get();
      }
    }
    Optional<MockResponse> apply = ServerSideApply.refuse(request);
    if (apply.isPresent()) {
      return apply.get();
    }
    if ("POST".equals(method) && RulesReview.PATH.equals(bare)) {
      return RulesReview.answer(request, crud);
    }
    if ("GET".equals(method) && OpenApiEndpoint.handles(bare)) {
      return OpenApiEndpoint.answer(bare, request.getHeader("Accept"), storedCrds());
    }
    if ("GET".equals(method)) {
      Optional<MockResponse> discovery = discovery(bare);
      if (discovery.isPresent()) {
        return discovery.get();
      }
    }
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
    if ("GET".equals(method) && WatchRequest.isWatch(bare, query)) {
      return watches.serve(bare, query, wantsTable(request));
    }
    Optional<MockResponse> terminating = GracefulPodDeletion.intercept(request, bare, query, crud, clock.instant());
    if (terminating.isPresent()) {
      return terminating.get();
    }
    Optional<CustomResourceTarget> target = customResourceWrite(method, bare);
    if (target.isPresent()) {
      return write(withQuery(request, bare, ""), target.get(), FieldValidation.fromQuery(query));
    }
    if (WRITES.contains(method)) {
      RecordedRequest admitted = KueuePodWebhook.admit(request, bare).orElse(request);
      return crud.dispatch(withQuery(admitted, bare, ""));
    }
    FieldSelector selector = FieldSelector.fromQuery(query);
    boolean filtered = "GET".equals(method) && !selector.isEmpty() && !query.contains("watch=true");
    MockResponse response = crud.dispatch(filtered ? withQuery(request, bare, FieldSelector.withoutSelector(query)) : request);
    if (filtered && response.code() == 200) {
      response = json(200, selector.filter(response.getBody().readUtf8()));
    }
    if ("GET".equals(method) && wantsTable(request) && response.code() == 200 && !path.contains("watch=true")) {
      String body = response.getBody().readUtf8();
      return json(200, TableRenderer.render(body, printerColumns(bare), BuiltInColumns.kindOf(bare),
          clock.instant()));
    }
    return response;
  }

  private Optional<MockResponse> discovery(String path) {
    if (path.equals("/version")) {
      return Optional.of(json(200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-segtpu-sandbox\","
          + "\"platform\":\"linux/amd64\"}"));
    }
    if (path.equals("/api")) {
      return Optional.of(json(200, Serialization.asJson(currentDiscovery().coreVersions())));
    }
    if (path.equals("/apis")) {
      return Optional.of(json(200, Serialization.asJson(currentDiscovery().groups())));
    }
    if (path.equals("/api/v1")) {
      return currentDiscovery().resources("v1").map(list -> json(200, Serialization.asJson(list)));
    }
    Matcher groupVersion = GROUP_VERSION.matcher(path);
    if (groupVersion.matches()) {
      return Optional.of(currentDiscovery().resources(groupVersion.group(1) + "/" + groupVersion.group(2))
          .map(list -> json(200, Serialization.asJson(list)))
          .orElse(json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}")));
    }
    return Optional.empty();
  }

  private Discovery currentDiscovery() {
    return Discovery.of(storedCrds());
  }

  private List<CustomResourceDefinition> storedCrds() {
    MockResponse response = crud.handleGet(CRDS);
    if (response.code() != 200) {
      return List.of();
    }
    return Serialization.unmarshal(response.getBody().readUtf8(), CustomResourceDefinitionList.class).getItems();
  }

  private List<CustomResourceColumnDefinition> printerColumns(String path) {
    Matcher matcher = CUSTOM_RESOURCE_PATH.matcher(path);
    if (!matcher.matches()) {
      return List.of();
    }
    String group = matcher.group(1);
    String plural = matcher.group(3);
    return storedCrds().stream()
        .filter(crd -> crd.getSpec().getGroup().equals(group) && crd.getSpec().getNames().getPlural().equals(plural))
        .flatMap(crd -> crd.getSpec().getVersions().stream())
        .filter(version -> version.getName().equals(matcher.group(2)))
        .findFirst()
        .map(version -> version.getAdditionalPrinterColumns() == null
            ? List.<CustomResourceColumnDefinition>of() : version.getAdditionalPrinterColumns())
        .orElse(List.of());
  }

  /**
   * The CRD and version a write goes to, and the object's path; {@code status} for the status subresource,
   * whose writes are pruned but, as before, not validated.
   */
  private record CustomResourceTarget(CustomResourceDefinition crd, String version, String objectPath, boolean status) {

    JSONSchemaProps schema() {
      return crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version)).findFirst()
          .filter(v -> v.getSchema() != null).map(v -> v.getSchema().getOpenAPIV3Schema()).orElse(null);
    }
  }

  /** The CRD and version a create/replace/patch of a custom resource or its status goes to. */
  private Optional<CustomResourceTarget> customResourceWrite(String method, String path) {
    if (!WRITES.contains(method)) {
      return Optional.empty();
    }
    Matcher matcher = CUSTOM_RESOURCE_PATH.matcher(path);
    if (!matcher.matches() || matcher.group(1).endsWith("k8s.io") || matcher.group(1).equals("apps")) {
      return Optional.empty();
    }
    boolean status = matcher.group(5) != null;
    String objectPath = status ? path.substring(0, path.length() - "/status".length()) : path;
    return storedCrds().stream()
        .filter(crd -> crd.getSpec().getGroup().equals(matcher.group(1))
            && crd.getSpec().getNames().getPlural().equals(matcher.group(3)))
        .findFirst()
        .map(crd -> new CustomResourceTarget(crd, matcher.group(2), objectPath, status));
  }

  /**
   * A custom resource write as kube-apiserver handles it: decoded and pruned of undeclared fields (refused
   * under fieldValidation=Strict, warned about under Warn), the pruned object validated, then stored.
   */
  private MockResponse write(RecordedRequest request, CustomResourceTarget target, FieldValidation directive) {
    JSONSchemaProps schema = target.schema();
    Optional<CustomResourceWrite> decoded = schema == null ? Optional.empty()
        : CustomResourceWrite.decode(request, target.objectPath(), schema, crud::handleGet);
    List<String> unknown = decoded.map(CustomResourceWrite::unknownFields).orElse(List.of());
    if (!unknown.isEmpty() && directive == FieldValidation.STRICT) {
      Status refusal = StrictDecodingError.of(unknown, target.crd().getSpec().getNames().getKind(), target.version(),
          decoded.get().isPatch());
      return json(400, Serialization.asJson(refusal));
    }
    if (!target.status()) {
      String proposed = decoded.map(CustomResourceWrite::prunedJson)
          .orElseGet(() -> new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
      Optional<Status> refused = admission.review(proposed, target.crd(), target.version());
      if (refused.isPresent()) {
        return json(422, Serialization.asJson(refused.get()));
      }
    }
    MockResponse response = crud.dispatch(decoded.map(CustomResourceWrite::forStore).orElse(request));
    if (directive == FieldValidation.WARN) {
      unknown.forEach(field -> response.addHeader("Warning", FieldValidation.warningHeader(field)));
    }
    return response;
  }

  /**
   * Puts {@code json} into the CRUD store's map as the object at {@code path} and tells watches, without
   * its create/update handlers: those drop the status of resources with a status subresource. No pruning,
   * schema or CEL rule applies. Test-only, see {@link EmbeddedApiServer#storeUnchecked}.
   */
  String storeUnchecked(String path, String json) {
    GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
    if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
      throw new IllegalArgumentException("the object needs metadata.name: " + json);
    }
    ObjectMeta metadata = resource.getMetadata();
    AttributeSet key = crud.getKey(path);
    Map.Entry<AttributeSet, String> existing = crud.findResource(key);
    Matcher namespace = NAMESPACE_IN_PATH.matcher(path);
    if (metadata.getNamespace() == null && namespace.find()) {
      metadata.setNamespace(namespace.group(1));
    }
    if (metadata.getUid() == null) {
      metadata.setUid(UUID.randomUUID().toString());
    }
    if (metadata.getCreationTimestamp() == null) {
      metadata.setCreationTimestamp(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (metadata.getGeneration() == null) {
      metadata.setGeneration(1L);
    }
    metadata.setResourceVersion(String.valueOf(crud.requestResourceVersion()));
    String stored = Serialization.asJson(resource);
    crud.processEvent(path, key, existing == null ? null : existing.getKey(), resource, stored);
    return stored;
  }

  private static RecordedRequest withQuery(RecordedRequest request, String path, String query) {
    return new RecordedRequest(request.getHttpVersion(), request.method(), query.isEmpty() ? path : path + "?" + query,
        request.getHeaders(), request.getBody());
  }

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }
}
