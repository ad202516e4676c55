using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VersatileHub.Agent.Profiles;

public sealed class LocalModelOptions
{
    public const string Section = "Agent:LocalModel";

    /// <summary>Where a local OpenAI-compatible server (Ollama) may answer; empty turns the probe off.</summary>
    public string? ProbeEndpoint { get; set; } = "http://localhost:11434/v1";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The local model server found at start-up, offered to tenants that have no profile yet; never used on its own.</summary>
public sealed class LocalModelOffer
{
    public string? Endpoint { get; private set; }

    public IReadOnlyList<string> Models { get; private set; } = [];

    internal void Found(string endpoint, IReadOnlyList<string> models)
    {
        Models = models;
        Endpoint = endpoint;
    }
}

/// <summary>At start-up, asks the configured local endpoint for its models (<c>GET /models</c>) and logs the offer when it answers.</summary>
internal sealed partial class LocalModelProbe(
    IHttpClientFactory httpClients, LocalModelOffer offer, IOptions<LocalModelOptions> options, ILogger<LocalModelProbe> logger) : BackgroundService
{
    public const string HttpClientName = "local-model-probe";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ProbeEndpoint is not { Length: > 0 } endpoint)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(endpoint.TrimEnd('/') + "/models", timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return;
            }
            var list = await response.Content.ReadFromJsonAsync<ModelList>(timeout.Token);
            var models = list?.Data?.Select(m => m.Id).OfType<string>().ToList() ?? [];
            offer.Found(endpoint, models);
            LogOffer(endpoint, string.Join(", ", models));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            LogNone(endpoint);
        }
    }

    private sealed record ModelList(List<ModelEntry>? Data);

    private sealed record ModelEntry(string? Id);

    [LoggerMessage(LogLevel.Information, "A local model server answers at {Endpoint} (models: {Models}); tenants without a profile can use it as their endpoint.")]
    private partial void LogOffer(string endpoint, string models);

    [LoggerMessage(LogLevel.Debug, "No local model server answers at {Endpoint}.")]
    private partial void LogNone(string endpoint);
}
