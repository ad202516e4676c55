using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using NJsonSchema;
using VersatileHub.AppHost.Publishing;

namespace VersatileHub.Tests.AppHost;

public sealed class PublishTests
{
    private static readonly string[] DatabaseServices = ["postgres", "redis", "erp-db", "erp-redis-cache", "erp-redis-queue"];

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task The_compose_file_of_every_sample_profile_passes_docker_compose_config(string client)
    {
        var output = await SampleProfiles.OutputAsync(client, "compose");

        var (exitCode, text) = await RunAsync("docker-compose", output, "-p", client, "-f", ComposePublisher.FileName, "config", "-q");

        Assert.True(exitCode == 0, $"docker-compose config failed for {client}:{Environment.NewLine}{text}");
    }

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task Every_Kubernetes_document_loads_into_the_KubernetesClient_models_with_no_unknown_field(string client)
    {
        var output = await SampleProfiles.OutputAsync(client, "kubernetes");
        var files = Directory.GetFiles(output, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").ToList();

        var kinds = new List<string>();
        foreach (var file in files)
        {
            var documents = KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file), typeMap: null, strict: true);
            kinds.AddRange(documents.Select(d => d.GetType().Name));
        }

        Assert.Contains("V1Namespace", kinds);
        Assert.Contains("V1Deployment", kinds);
        Assert.Contains("V1StatefulSet", kinds);
        Assert.Contains("V1NetworkPolicy", kinds);
        Assert.Contains("V1Ingress", kinds);
        Assert.DoesNotContain("V1ConfigMap", kinds);
    }

    [Fact]
    public async Task Kubernetes_projects_are_non_root_with_health_probes_limits_and_a_disruption_budget_when_replicated()
    {
        var output = await SampleProfiles.OutputAsync("full-suite", "kubernetes");

        var documents = KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(Path.Combine(output, "hub.yaml")), strict: true);

        var deployment = Assert.Single(documents.OfType<k8s.Models.V1Deployment>());
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        Assert.True(container.SecurityContext.RunAsNonRoot);
        Assert.Equal("512Mi", container.Resources.Limits["memory"].ToString());
        Assert.Equal("registry.versatilehub.com/suite/versatilehub-hub:1.0.0", container.Image);
        Assert.Single(documents.OfType<k8s.Models.V1PodDisruptionBudget>());
        Assert.All(container.Env.Where(e => e.ValueFrom is null), e => Assert.DoesNotContain("Password=", e.Value.Replace("Password=$(", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task The_Aspire_manifest_validates_against_Aspires_schema(string client)
    {
        var output = await SampleProfiles.OutputAsync(client, "manifest");
        var schema = await AspireSchemaAsync();
        var manifest = await File.ReadAllTextAsync(Path.Combine(output, ManifestPublisher.FileName));

        var errors = schema.Validate(manifest);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        var types = JsonNode.Parse(manifest)!["resources"]!.AsObject().Select(r => (string)r.Value!["type"]!).Distinct().Order();
        Assert.Subset(new HashSet<string>(["container.v0", "parameter.v0", "project.v0", "value.v0"]), types.ToHashSet());
    }

    [Fact]
    public async Task The_kept_schema_rejects_what_Aspire_would_not_read()
    {
        var schema = await AspireSchemaAsync();

        var unknownField = schema.Validate("""{"resources":{"hub":{"type":"project.v0","path":"hub.csproj","replicas":2}}}""");
        var missingImage = schema.Validate("""{"resources":{"db":{"type":"container.v0"}}}""");
        var numberEnv = schema.Validate("""{"resources":{"hub":{"type":"project.v0","path":"hub.csproj","env":{"PORT":8080}}}}""");

        Assert.NotEmpty(unknownField);
        Assert.NotEmpty(missingImage);
        Assert.NotEmpty(numberEnv);
    }

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task No_database_is_on_the_web_network_nor_publishes_a_port(string client)
    {
        var compose = await ComposeAsync(client);

        foreach (var (name, service) in compose["services"]!.AsObject().Where(s => DatabaseServices.Contains(s.Key)))
        {
            Assert.DoesNotContain("web", service!["networks"]!.AsArray().Select(n => (string)n!));
            Assert.Null(service["ports"]);
        }

        Assert.Equal(["traefik"], compose["services"]!.AsObject().Where(s => s.Value!["ports"] is not null).Select(s => s.Key));
    }

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task Kubernetes_network_policies_mirror_the_networks_and_no_database_pod_is_on_web(string client)
    {
        var output = await SampleProfiles.OutputAsync(client, "kubernetes");
        var documents = new List<object>();
        foreach (var file in Directory.GetFiles(output, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml"))
        {
            documents.AddRange(KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file), strict: true));
        }

        var policies = documents.OfType<k8s.Models.V1NetworkPolicy>().Select(p => p.Metadata.Name).ToList();
        Assert.Contains("default-deny-ingress", policies);
        Assert.Contains("network-web", policies);
        Assert.Contains("network-shared", policies);
        var databases = documents.OfType<k8s.Models.V1StatefulSet>().ToList();
        Assert.NotEmpty(databases);
        Assert.All(databases, d => Assert.DoesNotContain("network.versatilehub.io/web", d.Spec.Template.Metadata.Labels.Keys));
        Assert.All(databases, d => Assert.NotEmpty(d.Spec.VolumeClaimTemplates));
        var flow = documents.OfType<k8s.Models.V1Deployment>().SingleOrDefault(d => d.Metadata.Name == "flow");
        Assert.True(flow is null || !flow.Spec.Template.Metadata.Labels.ContainsKey("network.versatilehub.io/web"));
    }

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task Flow_is_in_no_Traefik_rule_and_no_Ingress(string client)
    {
        var compose = await ComposeAsync(client);
        var ingress = Path.Combine(await SampleProfiles.OutputAsync(client, "kubernetes"), "ingress.yaml");

        if (compose["services"]!["flow"] is { } flow)
        {
            Assert.Null(flow["labels"]);
            Assert.DoesNotContain("web", flow["networks"]!.AsArray().Select(n => (string)n!));
        }

        var ingresses = KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(ingress), strict: true).OfType<k8s.Models.V1Ingress>().ToList();
        Assert.NotEmpty(ingresses);
        var backends = ingresses.SelectMany(i => i.Spec.Rules).SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service.Name);
        Assert.DoesNotContain("flow", backends);
        Assert.All(ingresses, i => Assert.Equal("letsencrypt", i.Metadata.Annotations["cert-manager.io/cluster-issuer"]));
        Assert.All(ingresses, i => Assert.NotEmpty(i.Spec.Tls));
    }

    [Theory]
    [MemberData(nameof(SampleProfiles.All), MemberType = typeof(SampleProfiles))]
    public async Task No_secret_is_written_in_the_compose_file_nor_in_any_Kubernetes_manifest(string client)
    {
        foreach (var (target, secretsFile) in new[] { ("compose", ".env"), ("kubernetes", KubernetesPublisher.SecretsFile) })
        {
            var output = await SampleProfiles.OutputAsync(client, target);
            var secrets = EnvironmentFile.Parse(await File.ReadAllLinesAsync(Path.Combine(output, secretsFile)))
                .Where(kv => kv.Value.Length >= 16 && !kv.Value.Contains('=', StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(secrets);

            foreach (var file in Directory.GetFiles(output, "*.yaml"))
            {
                var text = await File.ReadAllTextAsync(file);
                Assert.All(secrets, secret => Assert.DoesNotContain(secret.Value, text, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task The_same_profile_gives_byte_identical_files_and_keeps_existing_env_values()
    {
        var root = Path.Combine(Path.GetTempPath(), $"vh-publish-twice-{Guid.NewGuid():N}");
        foreach (var target in PublishCommand.Targets)
        {
            var first = Path.Combine(root, "a", target);
            var second = Path.Combine(root, "b", target);
            await SampleProfiles.PublishAsync("full-suite", target, first);
            await SampleProfiles.PublishAsync("full-suite", target, second);
            var envFile = Directory.GetFiles(first, "*env", SearchOption.TopDirectoryOnly).SingleOrDefault();
            var envBefore = envFile is null ? null : await File.ReadAllTextAsync(envFile);
            await SampleProfiles.PublishAsync("full-suite", target, first);

            foreach (var file in Directory.GetFiles(first).Where(f => !f.EndsWith("env", StringComparison.Ordinal)))
            {
                Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(second, Path.GetFileName(file))));
            }

            if (envFile is not null)
            {
                Assert.Equal(envBefore, await File.ReadAllTextAsync(envFile));
            }
        }
    }

    [Fact]
    public async Task Chats_attachments_live_on_a_volume_its_replicas_share_in_compose_and_in_Kubernetes()
    {
        var compose = await ComposeAsync("full-suite");
        var chat = compose["services"]!["chat"]!;
        Assert.Contains("chat-data:/home/app", chat["volumes"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("/home/app/attachments", (string)chat["environment"]!["Attachments__LocalPath"]!);
        Assert.NotNull(compose["volumes"]!["chat-data"]);

        var kubernetes = await SampleProfiles.OutputAsync("full-suite", "kubernetes");
        var claim = Assert.Single(KubernetesYaml.LoadAllFromString(
            await File.ReadAllTextAsync(Path.Combine(kubernetes, "chat-data-pvc.yaml")), strict: true).OfType<k8s.Models.V1PersistentVolumeClaim>());
        Assert.Equal(["ReadWriteMany"], claim.Spec.AccessModes);
        var deployment = Assert.Single(KubernetesYaml.LoadAllFromString(
            await File.ReadAllTextAsync(Path.Combine(kubernetes, "chat.yaml")), strict: true).OfType<k8s.Models.V1Deployment>());
        var mount = Assert.Single(Assert.Single(deployment.Spec.Template.Spec.Containers).VolumeMounts);
        Assert.Equal(("chat-data", "/home/app"), (mount.Name, mount.MountPath));
        Assert.Equal("chat-data", Assert.Single(deployment.Spec.Template.Spec.Volumes).PersistentVolumeClaim.ClaimName);
    }

    [Fact]
    public async Task Services_send_telemetry_to_the_Aspire_Dashboard_which_is_reachable_only_from_inside()
    {
        var services = (await ComposeAsync("automation"))["services"]!;

        var dashboard = services["aspire-dashboard"]!;
        Assert.Equal(["shared"], dashboard["networks"]!.AsArray().Select(n => (string)n!));
        Assert.Null(dashboard["labels"]);
        Assert.Equal("BrowserToken", (string)dashboard["environment"]!["DASHBOARD__FRONTEND__AUTHMODE"]!);
        Assert.Equal("${DASHBOARD_BROWSER_TOKEN}", (string)dashboard["environment"]!["DASHBOARD__FRONTEND__BROWSERTOKEN"]!);
        Assert.Equal("http://aspire-dashboard:18889", (string)services["flow"]!["environment"]!["OTEL_EXPORTER_OTLP_ENDPOINT"]!);
        Assert.Equal("x-otlp-api-key=${DASHBOARD_OTLP_API_KEY}", (string)services["hub"]!["environment"]!["OTEL_EXPORTER_OTLP_HEADERS"]!);
    }

    [Fact]
    public async Task An_operators_value_in_env_is_never_overwritten()
    {
        var output = Path.Combine(Path.GetTempPath(), $"vh-publish-env-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, ".env"), "MODEL_API_KEY=sk-operator\nPOSTGRES_PASSWORD=chosen-by-ops\n");

        await SampleProfiles.PublishAsync("full-suite", "compose", output);

        var values = EnvironmentFile.Parse(await File.ReadAllLinesAsync(Path.Combine(output, ".env")));
        Assert.Equal("sk-operator", values["MODEL_API_KEY"]);
        Assert.Equal("chosen-by-ops", values["POSTGRES_PASSWORD"]);
        Assert.Equal(32, values["REDIS_PASSWORD"].Length);
    }

    [Fact]
    public async Task Traefik_routes_public_hosts_with_lets_encrypt_and_WhatsApp_webhooks_by_path()
    {
        var labels = (await ComposeAsync("full-suite"))["services"]!;

        Assert.Equal("Host(`hub.demo.versatilehub.com`)", (string)labels["hub"]!["labels"]!["traefik.http.routers.hub.rule"]!);
        Assert.Equal("letsencrypt", (string)labels["chat"]!["labels"]!["traefik.http.routers.chat.tls.certresolver"]!);
        Assert.Equal("Host(`chat.demo.versatilehub.com`) && PathPrefix(`/webhooks`)", (string)labels["whatsapp"]!["labels"]!["traefik.http.routers.whatsapp.rule"]!);
        Assert.Contains("--entrypoints.web.http.redirections.entrypoint.to=websecure", labels["traefik"]!["command"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("service_completed_successfully", (string)labels["erp-backend"]!["depends_on"]!["erp-create-site"]!["condition"]!);
        Assert.Equal("service_healthy", (string)labels["hub"]!["depends_on"]!["postgres"]!["condition"]!);
    }

    [Fact]
    public async Task Publish_names_the_problem_and_fails_for_an_unknown_client_or_target()
    {
        var error = new StringWriter();

        var unknownClient = await PublishCommand.RunAsync(["--client", "nobody", "--target", "compose", "--output", Path.GetTempPath(), "--clients", SampleProfiles.ClientsDirectory], TextWriter.Null, error);
        var unknownTarget = await PublishCommand.RunAsync(["--client", "automation", "--target", "helm", "--output", Path.GetTempPath()], TextWriter.Null, error);

        Assert.Equal(1, unknownClient);
        Assert.Equal(1, unknownTarget);
        Assert.Contains("no profile 'nobody'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("automation", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Unknown target 'helm'", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The kept copy of Aspire's schema, with its draft-06 keywords written in the equivalent draft-04 form NJsonSchema
    /// reads: a boolean subschema (<c>"build": false</c>) as an object, <c>const: x</c> as <c>enum: [x]</c>.
    /// </summary>
    internal static async Task<JsonSchema> AspireSchemaAsync()
    {
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "AppHost", "Schemas", "aspire-8.0.json")))!;
        void RewriteBooleans(JsonNode node)
        {
            if (node is JsonObject map)
            {
                if (map["const"] is { } constant)
                {
                    map.Remove("const");
                    map["enum"] = new JsonArray(constant.DeepClone());
                }

                foreach (var key in map.Select(kv => kv.Key).ToList())
                {
                    if (key == "properties" && map[key] is JsonObject properties)
                    {
                        foreach (var name in properties.Where(p => p.Value is JsonValue).Select(p => p.Key).ToList())
                        {
                            properties[name] = (bool)properties[name]! ? new JsonObject() : new JsonObject { ["not"] = new JsonObject() };
                        }
                    }

                    if (map[key] is { } child)
                    {
                        RewriteBooleans(child);
                    }
                }
            }
            else if (node is JsonArray list)
            {
                foreach (var item in list.OfType<JsonNode>())
                {
                    RewriteBooleans(item);
                }
            }
        }

        RewriteBooleans(schema);
        return await JsonSchema.FromJsonAsync(schema.ToJsonString());
    }

    private static async Task<JsonNode> ComposeAsync(string client)
    {
        // Read back with YamlDotNet (which KubernetesClient brings), as a JSON tree for easy navigation.
        var yaml = await File.ReadAllTextAsync(Path.Combine(await SampleProfiles.OutputAsync(client, "compose"), ComposePublisher.FileName));
        var deserializer = new YamlDotNet.Serialization.DeserializerBuilder().Build();
        var tree = deserializer.Deserialize<object>(yaml);
        var json = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build().Serialize(tree);
        return JsonNode.Parse(json)!;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
