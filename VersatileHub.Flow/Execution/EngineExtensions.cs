using Microsoft.Extensions.DependencyInjection.Extensions;
using VersatileHub.Flow.Apis;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Nodes.Logic;
using VersatileHub.Flow.Triggers.Webhooks;

namespace Microsoft.Extensions.Hosting;

internal static class EngineExtensions
{
    /// <summary>The engine: expressions, the logic and trigger nodes, the queue's workers, history, webhooks and the runs API.</summary>
    public static IHostApplicationBuilder AddFlowEngine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScriptLimits>().BindConfiguration(ScriptLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection();

        services.AddSingleton<INodeType, ManualTriggerNode>();
        services.AddSingleton<INodeType, WebhookNode>();
        services.AddSingleton<INodeType, ScheduleTriggerNode>();
        services.AddSingleton<INodeType, EventTriggerNode>();
        services.AddSingleton<INodeType, ErrorTriggerNode>();
        services.AddSingleton<INodeType, IfNode>();
        services.AddSingleton<INodeType, SwitchNode>();
        services.AddSingleton<INodeType, SetNode>();
        services.AddSingleton<INodeType, CodeNode>();
        services.AddSingleton<INodeType, WaitNode>();
        services.AddSingleton<INodeType, StopAndErrorNode>();
        services.AddSingleton<INodeType, NoOpNode>();
        services.AddSingleton<INodeType, RespondToWebhookNode>();

        services.AddSingleton<FlowMetrics>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<RunSignal>();
        services.AddSingleton<LeaseKeeper>();
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<RunFailures>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<RunCompletions>();
        services.AddScoped<RunContext>();
        // Hosted services stop in reverse order: the workers hand their runs back before the history writer drains and ends.
        services.AddSingleton<HistoryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryWriter>());
        services.AddHostedService<RunNotifications>();
        services.AddHostedService<RunWorker>();
        services.AddSingleton<RunPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<RunPruner>());
        return builder;
    }

    public static IEndpointRouteBuilder MapFlowEngine(this IEndpointRouteBuilder app)
    {
        app.MapWebhooks();
        app.MapRunsApi();
        return app;
    }
}
