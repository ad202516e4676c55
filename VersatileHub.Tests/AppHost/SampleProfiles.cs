using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;
using VersatileHub.AppHost.Publishing;

namespace VersatileHub.Tests.AppHost;

/// <summary>The sample profiles in clients/, and their published output, written once per test run.</summary>
internal static class SampleProfiles
{
    public static readonly string[] Names = ["full-suite", "erp-only", "crm-chat", "automation"];

    public static string ClientsDirectory => Path.Combine(DistributedApplication.CreateBuilder([]).RepositoryDirectory, "clients");

    public static ClientProfile Load(string client) => ClientProfile.Load(ClientsDirectory, client);

    public static TheoryData<string> All() => [.. Names];

    private static readonly Lazy<Task<string>> Published = new(PublishAllAsync);

    /// <summary>The folder of one client's output for one target: &lt;root&gt;/&lt;client&gt;/&lt;target&gt;.</summary>
    public static async Task<string> OutputAsync(string client, string target) => Path.Combine(await Published.Value, client, target);

    public static async Task PublishAsync(string client, string target, string output) =>
        await PublishCommand.PublishAsync(new PublishOptions(client, target, output, ClientsDirectory), TextWriter.Null);

    private static async Task<string> PublishAllAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"vh-publish-{Guid.NewGuid():N}");
        foreach (var client in Names)
        {
            foreach (var target in PublishCommand.Targets)
            {
                await PublishAsync(client, target, Path.Combine(root, client, target));
            }
        }

        return root;
    }
}
