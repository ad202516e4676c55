using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VersatileHub.Chat.Webhooks;

internal static class WebhookRegistration
{
    /// <summary>Subscriptions, the fan-out from Chat's events, and the dispatcher with its own HTTP client (no default retries: the schedule retries).</summary>
    public static EventBusBuilder AddWebhooks(this EventBusBuilder bus)
    {
        var services = bus.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(_ => new RetrySchedule(RetrySchedule.WebhookDelays, Random.Shared.NextDouble));
        services.AddScoped<WebhookSettings>();
        services.AddScoped<WebhookPayloads>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigureHttpClient((provider, http) => http.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .WithoutDefaultResilience();
        return bus.AddHandler<WebhookFanout>([.. WebhookEvents.ChatEvents]);
    }
}
