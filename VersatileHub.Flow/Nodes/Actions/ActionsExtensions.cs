using Microsoft.Extensions.Options;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Nodes.Actions;

namespace Microsoft.Extensions.Hosting;

internal static class ActionsExtensions
{
    /// <summary>The action nodes, their clients to the suite's services (service token, tenant header) and to the outside world.</summary>
    public static IHostApplicationBuilder AddFlowActions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ActionOptions>().BindConfiguration(ActionOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.HttpTimeout <= o.MaxHttpTimeout, "Flow:Actions:HttpTimeout must not exceed Flow:Actions:MaxHttpTimeout.")
            .ValidateOnStart();
        foreach (var service in SuiteServices.Names)
        {
            // Retries are the workflow's (retryOnFail); the call's own bound is the suite timeout.
            services.AddHttpClient(SuiteServices.ClientName(service), (provider, http) =>
            {
                http.BaseAddress = new Uri($"http://{service}");
                http.Timeout = provider.GetRequiredService<IOptions<ActionOptions>>().Value.SuiteTimeout;
            }).AddServiceToken().WithoutDefaultResilience();
        }
        // Each request bounds itself with its node's timeout.
        services.AddHttpClient(HttpRequestNode.ExternalClient, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 })
            .WithoutDefaultResilience();
        services.AddSingleton<SuiteServices>();
        services.AddSingleton<INodeType, HttpRequestNode>();
        services.AddSingleton<INodeType, SendChatMessageNode>();
        services.AddSingleton<INodeType, CreateTicketNode>();
        services.AddSingleton<INodeType, BookAppointmentNode>();
        services.AddSingleton<INodeType, UpdateOrderStatusNode>();
        services.AddSingleton<INodeType, AskAgentNode>();
        services.AddSingleton<INodeType, EmitEventNode>();
        return builder;
    }
}
