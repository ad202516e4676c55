using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// <c>aspire-manifest.json</c> in Aspire's manifest format (<c>project.v0</c>, <c>container.v0</c>, <c>executable.v0</c>,
/// <c>parameter.v0</c>, <c>value.v0</c>), with expressions such as <c>{postgres.bindings.tcp.host}</c> and <c>{postgres-password.value}</c>,
/// so that tools that deploy Aspire manifests can deploy the suite.
/// </summary>
internal static class ManifestPublisher
{
    public const string FileName = "aspire-manifest.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task PublishAsync(PublishContext publish, string output, TextWriter progress, CancellationToken cancellationToken)
    {
        var context = publish.ServiceNameContext() with
        {
            PublishedAddress = (resource, endpoint) => new EndpointAddress(
                endpoint.Scheme, $"{{{resource.Name}.bindings.{endpoint.Name}.host}}", $"{{{resource.Name}.bindings.{endpoint.Name}.port}}"),
        };
        string Text(string value) => publish.Render(value, literal => literal, p => $"{{{p.Name}.value}}");

        var resources = new JsonObject();
        foreach (var resource in publish.Model.Resources)
        {
            if (Resource(publish, context, resource, Text, output) is { } entry)
            {
                resources[resource.Name] = entry;
            }
        }

        var manifest = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/aspire-8.0.json",
            ["resources"] = resources,
        };
        await File.WriteAllTextAsync(Path.Combine(output, FileName), manifest.ToJsonString(Indented) + "\n", cancellationToken);
        progress.WriteLine($"  wrote {FileName} ({resources.Count} resources)");
    }

    private static JsonObject? Resource(PublishContext publish, EnvironmentContext context, IResource resource, Func<string, string> text, string output)
    {
        switch (resource)
        {
            case ParameterResource parameter:
                var input = new JsonObject { ["type"] = "string" };
                if (parameter.Secret)
                {
                    input["secret"] = true;
                }

                if (EnvironmentFile.IsGeneratedSafely(parameter))
                {
                    input["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = 22, ["special"] = false } };
                }

                return new JsonObject
                {
                    ["type"] = "parameter.v0",
                    ["value"] = $"{{{parameter.Name}.inputs.value}}",
                    ["inputs"] = new JsonObject { ["value"] = input },
                };
            case PostgresDatabaseResource or MySqlDatabaseResource or ConnectionStringResource:
                return new JsonObject
                {
                    ["type"] = "value.v0",
                    ["connectionString"] = text(((IResourceWithConnectionString)resource).GetConnectionString(context)),
                };
            case ProjectResource project:
                var entry = new JsonObject
                {
                    ["type"] = "project.v0",
                    ["path"] = Path.GetRelativePath(output, project.ProjectPath).Replace('\\', '/'),
                };
                AddRuntime(entry, context, resource, text);
                return entry;
            case ExecutableResource executable:
                var run = new JsonObject
                {
                    ["type"] = "executable.v0",
                    ["workingDirectory"] = Path.GetRelativePath(output, executable.WorkingDirectory).Replace('\\', '/'),
                    ["command"] = executable.Command,
                };
                if (resource.GetArgs(context) is { Count: > 0 } executableArgs)
                {
                    run["args"] = new JsonArray([.. executableArgs.Select(a => (JsonNode)text(a))]);
                }

                AddRuntime(run, context, resource, text);
                return run;
            case ContainerResource or PostgresServerResource or RedisResource or MySqlServerResource:
                var container = new JsonObject { ["type"] = "container.v0", ["image"] = PublishContext.ImageOf(resource) };
                if (resource.GetEntrypoint() is { } entrypoint)
                {
                    container["entrypoint"] = entrypoint;
                }

                if (resource.GetArgs(context) is { Count: > 0 } args)
                {
                    container["args"] = new JsonArray([.. args.Select(a => (JsonNode)text(a))]);
                }

                if (resource is IResourceWithConnectionString withConnection)
                {
                    container["connectionString"] = text(withConnection.GetConnectionString(context));
                }

                AddRuntime(container, context, resource, text);
                if (resource.GetVolumes().Any())
                {
                    container["volumes"] = new JsonArray([.. resource.GetVolumes().Select(v => (JsonNode)new JsonObject
                    {
                        ["name"] = $"{publish.Profile.Client}-{v.Name}",
                        ["target"] = v.Target,
                        ["readOnly"] = v.ReadOnly,
                    })]);
                }

                return container;
            default:
                // Networks have no manifest form; the compose and Kubernetes targets carry them.
                return null;
        }
    }

    private static void AddRuntime(JsonObject entry, EnvironmentContext context, IResource resource, Func<string, string> text)
    {
        var environment = resource.GetEnvironment(context);
        if (environment.Count > 0)
        {
            entry["env"] = new JsonObject(environment.Select(e => KeyValuePair.Create<string, JsonNode?>(e.Key, text(e.Value))));
        }

        if (resource.GetEndpoints().Any())
        {
            entry["bindings"] = new JsonObject(resource.GetEndpoints().Select(e =>
            {
                var binding = new JsonObject
                {
                    ["scheme"] = e.Scheme,
                    ["protocol"] = "tcp",
                    ["transport"] = e.Scheme == "http" ? "http" : "tcp",
                    ["targetPort"] = e.TargetPort,
                };
                if (e.IsExternal)
                {
                    binding["external"] = true;
                }

                return KeyValuePair.Create<string, JsonNode?>(e.Name, binding);
            }));
        }
    }
}
