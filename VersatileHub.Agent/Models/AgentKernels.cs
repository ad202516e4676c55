using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using VersatileHub.Agent.Knowledge;
using VersatileHub.Agent.Memory;
using VersatileHub.Agent.Profiles;
using VersatileHub.Agent.Tools;

namespace VersatileHub.Agent.Models;

/// <summary>
/// A Semantic Kernel for one profile: the OpenAI connector pointed at the profile's endpoint (any OpenAI-compatible
/// server) through the agent's own HttpClient, the tools the profile enables, and the tool-call log as a function filter.
/// </summary>
public sealed class AgentKernels(
    IHttpClientFactory httpClients, ApiKeyProtector keys, SuiteClients suite, CatalogCache catalog, AgentTelemetry telemetry,
    TimeProvider time, ILoggerFactory loggers, IOptions<AgentOptions> options)
{
    public const string HttpClientName = "model";

    /// <summary>Some servers (a local Ollama) need no key, but the OpenAI client wants one.</summary>
    private const string NoKey = "no-key";

    /// <summary>A kernel for one turn; <paramref name="services"/> is the turn's scope, already acting for its tenant.</summary>
    public Kernel Create(AgentProfile profile, AgentTurn turn, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(turn);
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(profile.Model, Client(profile));
        builder.Services.AddSingleton<IFunctionInvocationFilter>(new ToolCallLog(turn, telemetry, time, loggers.CreateLogger<ToolCallLog>()));
        var kernel = builder.Build();
        foreach (var plugin in Plugins(turn, services))
        {
            var enabled = plugin.Where(f => profile.MayUse(f.Name)).ToList();
            if (enabled.Count > 0)
            {
                kernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(plugin.Name, enabled));
            }
        }
        return kernel;
    }

    public static OpenAIPromptExecutionSettings Settings(AgentProfile profile, bool withTools = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new OpenAIPromptExecutionSettings
        {
            Temperature = profile.Temperature,
            MaxTokens = profile.MaxTokens,
            FunctionChoiceBehavior = withTools ? FunctionChoiceBehavior.Auto() : null,
        };
    }

    /// <summary>"Test model": a tiny prompt without tools; says what the endpoint answered or why it did not.</summary>
    public async Task<ModelTestView> TestAsync(AgentProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(profile.Model, Client(profile)).Build();
        var history = new ChatHistory();
        history.AddUserMessage("Reply with the single word: ok");
        var settings = new OpenAIPromptExecutionSettings { MaxTokens = 16, Temperature = 0 };
        try
        {
            var answer = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
            return new ModelTestView(true, profile.Model, answer.Content, null);
        }
        catch (Exception exception) when (ModelFailure.Of(exception, cancellationToken) is { } failure)
        {
            return new ModelTestView(false, profile.Model, null, failure.Describe());
        }
    }

    private IEnumerable<KernelPlugin> Plugins(AgentTurn turn, IServiceProvider services)
    {
        yield return KernelPluginFactory.CreateFromObject(new CatalogTools(turn.TenantId, suite, catalog), "catalog");
        yield return KernelPluginFactory.CreateFromObject(new OrderTools(turn.Scope, turn.TenantId, suite), "orders");
        yield return KernelPluginFactory.CreateFromObject(new AgendaTools(turn.Scope, turn.TenantId, suite, time), "agenda");
        yield return KernelPluginFactory.CreateFromObject(new SupportTools(turn, suite), "support");
        yield return KernelPluginFactory.CreateFromObject(
            ActivatorUtilities.CreateInstance<KnowledgePlugin>(services, turn.TenantId), KnowledgePlugin.PluginName);
        if (turn.Scope is { } scope)
        {
            yield return KernelPluginFactory.CreateFromObject(ActivatorUtilities.CreateInstance<MemoryPlugin>(services, scope), MemoryPlugin.PluginName);
        }
    }

    private OpenAIClient Client(AgentProfile profile) => new(
        new ApiKeyCredential(keys.Unprotect(profile) ?? NoKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(profile.Endpoint),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            // The fallback profile is the retry: a failing endpoint is not asked again and again while the customer waits.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Value.ModelTimeout,
        });
}
