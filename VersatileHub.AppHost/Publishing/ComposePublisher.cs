using System.Globalization;
using System.Text.Json.Nodes;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// <c>docker-compose.yaml</c> and <c>.env</c>: every secret is a <c>${NAME}</c> reference to <c>.env</c>; Traefik is the
/// only thing with published ports (80, 443), routing <c>Host(...)</c> rules with Let's Encrypt and HTTP→HTTPS.
/// </summary>
internal static class ComposePublisher
{
    public const string FileName = "docker-compose.yaml";
    private const string Edge = "traefik";

    public static async Task PublishAsync(PublishContext publish, string output, TextWriter progress, CancellationToken cancellationToken)
    {
        var context = publish.ServiceNameContext();
        var services = new JsonObject();
        foreach (var resource in publish.Workloads)
        {
            services[resource.Name] = Service(publish, context, resource);
        }

        services[Edge] = Traefik(publish);

        var compose = new JsonObject
        {
            ["services"] = services,
            ["networks"] = new JsonObject(publish.Networks.Select(n => KeyValuePair.Create<string, JsonNode?>(
                n.Name, n.IsInternal ? new JsonObject { ["internal"] = true } : new JsonObject()))),
            ["volumes"] = new JsonObject(publish.Workloads.SelectMany(r => r.GetVolumes()).Select(v => v.Name).Append("traefik-letsencrypt")
                .Distinct().Order(StringComparer.Ordinal).Select(v => KeyValuePair.Create<string, JsonNode?>(v, new JsonObject()))),
        };

        await File.WriteAllTextAsync(Path.Combine(output, FileName), YamlWriter.Write(compose), cancellationToken);
        progress.WriteLine($"  wrote {FileName} ({services.Count} services)");
        await EnvironmentFile.WriteAsync(Path.Combine(output, ".env"), publish, progress, cancellationToken);
    }

    private static JsonObject Service(PublishContext publish, EnvironmentContext context, IResource resource)
    {
        string Text(string value) => publish.Render(value, literal => literal.Replace("$", "$$", StringComparison.Ordinal), p => $"${{{PublishContext.EnvironmentName(p)}}}");

        var service = new JsonObject { ["image"] = PublishContext.ImageOf(resource) };
        if (resource.GetEntrypoint() is { } entrypoint)
        {
            service["entrypoint"] = new JsonArray(entrypoint);
        }

        if (resource.GetArgs(context) is { Count: > 0 } args)
        {
            service["command"] = new JsonArray([.. args.Select(a => (JsonNode)Text(a))]);
        }

        var environment = resource.GetEnvironment(context);
        if (environment.Count > 0)
        {
            service["environment"] = new JsonObject(environment.Select(e => KeyValuePair.Create<string, JsonNode?>(e.Key, Text(e.Value))));
        }

        if (resource.GetVolumes().Any())
        {
            service["volumes"] = new JsonArray([.. resource.GetVolumes().Select(v => (JsonNode)$"{v.Name}:{v.Target}{(v.ReadOnly ? ":ro" : "")}")]);
        }

        service["networks"] = new JsonArray([.. resource.GetNetworks().Select(n => (JsonNode)n.Name)]);

        var dependsOn = new JsonObject();
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            if (PublishContext.RunningResourceOf(wait.Resource) is { } target && !dependsOn.ContainsKey(target.Name))
            {
                dependsOn[target.Name] = new JsonObject
                {
                    ["condition"] = wait.Behavior == WaitBehavior.Completed ? "service_completed_successfully"
                        : target.GetHealthCheck() is not null ? "service_healthy" : "service_started",
                };
            }
        }

        if (dependsOn.Count > 0)
        {
            service["depends_on"] = dependsOn;
        }

        if (HealthCheck(resource) is { } test)
        {
            service["healthcheck"] = new JsonObject
            {
                ["test"] = test,
                ["interval"] = "10s",
                ["timeout"] = "5s",
                ["retries"] = 12,
                ["start_period"] = "30s",
            };
        }

        service["restart"] = resource.RunsOnce() ? "no" : "unless-stopped";

        var deploy = new JsonObject();
        if (resource.GetReplicas() > 1)
        {
            deploy["replicas"] = resource.GetReplicas();
        }

        if (resource.GetLimits() is { } limits)
        {
            deploy["resources"] = new JsonObject
            {
                ["limits"] = new JsonObject { ["cpus"] = limits.Cpus.ToString("0.##", CultureInfo.InvariantCulture), ["memory"] = $"{limits.MemoryMiB}M" },
                ["reservations"] = new JsonObject { ["memory"] = $"{limits.MemoryMiB / 2}M" },
            };
        }

        if (deploy.Count > 0)
        {
            service["deploy"] = deploy;
        }

        if (resource.GetPublicRoutes().Any())
        {
            service["labels"] = TraefikLabels(publish, resource);
        }

        return service;
    }

    /// <summary>HTTP health paths are probed with bash's /dev/tcp: the .NET and Frappe images have bash but no curl.</summary>
    private static JsonArray? HealthCheck(IResource resource) => resource.GetHealthCheck() switch
    {
        { Path: { } path } when resource.GetEndpoints().FirstOrDefault(e => e.Scheme == "http") is { } http => new JsonArray(
            "CMD", "bash", "-c",
            $"exec 3<>/dev/tcp/127.0.0.1/{http.TargetPort} && printf 'GET {path} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"),
        { Command: { } command } => new JsonArray([(JsonNode)"CMD", .. command.Select(c => (JsonNode)c)]),
        _ => null,
    };

    private static JsonObject TraefikLabels(PublishContext publish, IResource resource)
    {
        var port = resource.GetEndpoints().First(e => e.Scheme == "http").TargetPort;
        var labels = new JsonObject
        {
            ["traefik.enable"] = "true",
            ["traefik.docker.network"] = $"{publish.Profile.Client}_web",
            [$"traefik.http.services.{resource.Name}.loadbalancer.server.port"] = $"{port}",
        };
        foreach (var route in resource.GetPublicRoutes())
        {
            var host = $"{route.Subdomain}.{publish.Profile.Domain}";
            var rule = route.PathPrefix is null ? $"Host(`{host}`)" : $"Host(`{host}`) && PathPrefix(`{route.PathPrefix}`)";
            var router = $"traefik.http.routers.{resource.Name}";
            labels[$"{router}.rule"] = rule;
            labels[$"{router}.entrypoints"] = "websecure";
            labels[$"{router}.tls.certresolver"] = "letsencrypt";
            labels[$"{router}.service"] = resource.Name;
        }

        return labels;
    }

    private static JsonObject Traefik(PublishContext publish) => new()
    {
        ["image"] = "docker.io/library/traefik:v3.5",
        ["command"] = new JsonArray(
            "--providers.docker=true",
            "--providers.docker.exposedbydefault=false",
            "--entrypoints.web.address=:80",
            "--entrypoints.web.http.redirections.entrypoint.to=websecure",
            "--entrypoints.web.http.redirections.entrypoint.scheme=https",
            "--entrypoints.websecure.address=:443",
            $"--certificatesresolvers.letsencrypt.acme.email={publish.Profile.AcmeEmail ?? $"ops@{publish.Profile.Domain}"}",
            "--certificatesresolvers.letsencrypt.acme.storage=/letsencrypt/acme.json",
            "--certificatesresolvers.letsencrypt.acme.tlschallenge=true"),
        ["ports"] = new JsonArray("80:80", "443:443"),
        ["volumes"] = new JsonArray("/var/run/docker.sock:/var/run/docker.sock:ro", "traefik-letsencrypt:/letsencrypt"),
        ["networks"] = new JsonArray("web"),
        ["restart"] = "unless-stopped",
    };
}
