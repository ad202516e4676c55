using System.Diagnostics;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// <c>publish --client &lt;name&gt; --target compose|kubernetes|manifest --output &lt;dir&gt; [--clients &lt;dir&gt;]</c>: builds the
/// model for the client's profile and writes one target's files, with a README, saying what it does as it goes.
/// </summary>
internal static class PublishCommand
{
    public static readonly IReadOnlyList<string> Targets = ["compose", "kubernetes", "manifest"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = Parse(args);
            await PublishAsync(options, output, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is ClientProfileException or PublishException or DistributedApplicationException)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    public static async Task PublishAsync(PublishOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var builder = DistributedApplication.CreateBuilder([]);
        var clientsDirectory = options.ClientsDirectory ?? Path.Combine(builder.RepositoryDirectory, "clients");
        progress.WriteLine($"Publishing client '{options.Client}' as {options.Target} to {options.Output}");
        var profile = ClientProfile.Load(clientsDirectory, options.Client);
        progress.WriteLine($"  profile: {profile.Domain}, modules {string.Join(", ", profile.ModuleList)}");

        Suite.Define(builder, profile);
        await using var app = builder.Build();
        var publish = new PublishContext(app.Model, profile, builder.RepositoryDirectory);
        progress.WriteLine($"  model: {publish.Workloads.Count()} workloads, {publish.Networks.Count()} networks, {publish.Parameters.Count()} parameters");

        var output = Directory.CreateDirectory(Path.GetFullPath(options.Output)).FullName;
        ReportSkippedExecutables(publish, options.Target, progress);

        switch (options.Target)
        {
            case "compose":
                await ComposePublisher.PublishAsync(publish, output, progress, cancellationToken);
                break;
            case "kubernetes":
                await KubernetesPublisher.PublishAsync(publish, output, progress, cancellationToken);
                break;
            default:
                await ManifestPublisher.PublishAsync(publish, output, progress, cancellationToken);
                break;
        }

        await File.WriteAllTextAsync(Path.Combine(output, "README.md"), ClientReadme.Write(publish, options.Target), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(output, ".gitignore"), ".env\nsecrets.env\n", cancellationToken);
        progress.WriteLine($"  wrote README.md");
        progress.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>Compose and Kubernetes have nothing to run a program of the AppHost's machine with; they say which they leave out.</summary>
    public static void ReportSkippedExecutables(PublishContext publish, string target, TextWriter progress)
    {
        if (target == "manifest")
        {
            return;
        }

        foreach (var executable in publish.Executables)
        {
            progress.WriteLine($"  skipped executable '{executable.Name}' ({executable.Command}): it runs on the AppHost's machine only and {target} has no way to run it; the manifest target keeps it as executable.v0");
        }
    }

    public static PublishOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is not ("--client" or "--target" or "--output" or "--clients") || i + 1 >= args.Length)
            {
                throw new PublishException($"Unexpected argument '{args[i]}'. {Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        foreach (var required in new[] { "client", "target", "output" }.Where(r => !values.ContainsKey(r)))
        {
            throw new PublishException($"Missing --{required}. {Usage}");
        }

        return Targets.Contains(values["target"])
            ? new PublishOptions(values["client"], values["target"], values["output"], values.GetValueOrDefault("clients"))
            : throw new PublishException($"Unknown target '{values["target"]}'; use one of {string.Join(", ", Targets)}.");
    }

    private const string Usage = "Usage: publish --client <name> --target compose|kubernetes|manifest --output <dir> [--clients <dir>]";
}

internal sealed record PublishOptions(string Client, string Target, string Output, string? ClientsDirectory = null);

internal sealed class PublishException(string message) : Exception(message);
