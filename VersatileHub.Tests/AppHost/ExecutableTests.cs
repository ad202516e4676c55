using System.Text.Json.Nodes;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;
using VersatileHub.AppHost.Publishing;

namespace VersatileHub.Tests.AppHost;

public sealed class ExecutableTests
{
    [Fact]
    public async Task An_executable_is_published_in_the_Aspire_manifest_as_executable_v0_and_the_manifest_stays_valid()
    {
        var output = Directory.CreateTempSubdirectory("vh-executable-").FullName;
        var publish = PublishContextWithAnExecutable();

        await ManifestPublisher.PublishAsync(publish, output, TextWriter.Null, CancellationToken.None);

        var manifest = await File.ReadAllTextAsync(Path.Combine(output, ManifestPublisher.FileName));
        Assert.Empty((await PublishTests.AspireSchemaAsync()).Validate(manifest));
        var worker = JsonNode.Parse(manifest)!["resources"]!["worker"]!;
        Assert.Equal("executable.v0", (string)worker["type"]!);
        Assert.Equal("python3", (string)worker["command"]!);
        Assert.Equal(["-m", "worker", "--token", "{worker-token.value}"], worker["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(Path.GetRelativePath(output, Path.Combine(publish.RepositoryDirectory, "scripts")), (string)worker["workingDirectory"]!);
        Assert.Equal("worker", (string)worker["env"]!["OTEL_SERVICE_NAME"]!);
        Assert.Equal("http", (string)worker["bindings"]!["http"]!["scheme"]!);
    }

    [Theory]
    [InlineData("compose")]
    [InlineData("kubernetes")]
    public async Task Compose_and_Kubernetes_leave_an_executable_out_and_say_so(string target)
    {
        var output = Directory.CreateTempSubdirectory("vh-executable-").FullName;
        var publish = PublishContextWithAnExecutable();
        var progress = new StringWriter();

        await (target == "compose"
            ? ComposePublisher.PublishAsync(publish, output, progress, CancellationToken.None)
            : KubernetesPublisher.PublishAsync(publish, output, progress, CancellationToken.None));
        PublishCommand.ReportSkippedExecutables(publish, target, progress);

        Assert.DoesNotContain(Directory.GetFiles(output), f => File.ReadAllText(f).Contains("python3", StringComparison.Ordinal));
        Assert.Contains($"skipped executable 'worker' (python3): it runs on the AppHost's machine only and {target} has no way to run it", progress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_run_gives_an_executable_its_arguments_telemetry_settings_and_references()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var redis = builder.AddRedis("cache");
        var worker = builder.AddExecutable("worker", "python3", "../scripts", "-m", "worker").WithReference(redis);
        await using var app = builder.Build();
        var context = new EnvironmentContext(new Dictionary<string, string> { ["cache-password"] = "secret" }, "Development", "http://127.0.0.1:15888")
        {
            OtlpProtocol = "http/protobuf",
            OtlpHeaders = "x-otlp-api-key=key",
        };

        var environment = worker.Resource.GetEnvironment(context);

        Assert.Equal(["-m", "worker"], worker.Resource.GetArgs(context));
        Assert.Equal(Path.Combine(builder.RepositoryDirectory, "scripts"), worker.Resource.WorkingDirectory);
        Assert.Equal("http://127.0.0.1:15888", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=key", environment["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal($"127.0.0.1:{RedisBuilderExtensions.DefaultPort},password=secret", environment["ConnectionStrings__cache"]);
    }

    private static PublishContext PublishContextWithAnExecutable()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var token = builder.AddParameter("worker-token", secret: true);
        builder.AddExecutable("worker", "python3", "../scripts", "-m", "worker", "--token", token.Resource)
            .WithHttpEndpoint(8090, 8090);
        var app = builder.Build();
        return new PublishContext(app.Model, SampleProfiles.Load("automation"), builder.RepositoryDirectory);
    }
}
